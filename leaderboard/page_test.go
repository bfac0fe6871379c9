package leaderboard

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/cecbench/cecbench/chromiumtest"
)

const evilTeam = `<script>alert(1)</script>`

var pageMetrics = []string{"cec", "bleu", "rouge1", "rouge2", "rougeL", "meteor", "bertscore_f1", "mystery"}

func ptr[T any](v T) *T { return &v }

// seededRows is a public leaderboard of three teams: the leader, a team
// tied with it (p = 0.312) and one significantly worse (p = 0.00042).
func seededRows() []Row {
	at := time.Date(2026, 5, 1, 14, 3, 59, 0, time.FixedZone("CEST", 2*3600))
	scores := func(cec float64) map[string]Estimate {
		m := map[string]Estimate{}
		for i, metric := range pageMetrics[:7] { // no "mystery" score: shown as missing
			mean := cec - 0.05*float64(i)
			m[metric] = Estimate{Mean: mean, Low: mean - 0.03421, High: mean + 0.03421}
		}
		return m
	}
	return []Row{
		{Rank: 1, TeamID: "t1", TeamName: "Alpha & Co", Model: "qwen-1.5b-lora", SubmittedAt: at,
			Submissions: 3, Scores: scores(0.65432), TiedWithLeader: true},
		{Rank: 2, TeamID: "t2", TeamName: evilTeam, Model: `"quoted" model`, SubmittedAt: at.Add(time.Hour),
			Submissions: 1, Scores: scores(0.64), PWilcoxon: ptr(0.31249), TiedWithLeader: true},
		{Rank: 3, TeamID: "t3", TeamName: "Gamma", Model: "baseline", SubmittedAt: at.Add(48 * time.Hour),
			Submissions: 7, Scores: scores(0.5), PWilcoxon: ptr(0.00042), TiedWithLeader: false},
	}
}

func seededPage() Page {
	closes := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	return Page{
		Benchmark: Benchmark{
			ID: "bm-1", Name: "Explain the <b>CEC</b>", Description: "Explanations of\nthe dev split.",
			Items: 200, PublicItems: 150, PrivateItems: 50, ClosesAt: &closes, RankedBy: "cec",
			Metrics:    pageMetrics[:7],
			Rules:      []string{"One explanation per item.", "At most 5 submissions a day."},
			Signatures: map[string]string{"bleu": "nrefs:1|case:mixed|tok:13a", "cec": "cec-v1", "zeta": "z-v2"},
		},
		Public:      seededRows(),
		Metrics:     pageMetrics,
		GeneratedAt: time.Date(2026, 5, 3, 8, 0, 0, 0, time.UTC),
	}
}

func render(t *testing.T, p Page) (string, *html.Node) {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderPage(&buf, p); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatalf("parse the page: %v", err)
	}
	return buf.String(), doc
}

func TestRenderPage(t *testing.T) {
	src, doc := render(t, seededPage())

	if !strings.HasPrefix(src, "<!DOCTYPE html>") {
		t.Errorf("page starts %q, want an HTML5 doctype", src[:min(len(src), 40)])
	}
	if got, want := text(find(doc, isElem(atom.Title))), "Explain the <b>CEC</b> · cecbench leaderboard"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}

	table := byID(t, doc, "public-leaderboard")
	rows := bodyRows(table)
	if got, want := attrs(rows, "data-team"), []string{"Alpha & Co", evilTeam, "Gamma"}; !slices.Equal(got, want) {
		t.Errorf("data-team order %q, want %q", got, want)
	}
	if got, want := attrs(rows, "data-rank"), []string{"1", "2", "3"}; !slices.Equal(got, want) {
		t.Errorf("data-rank order %q, want %q", got, want)
	}

	// rank, team, model, 8 metrics, p, status, submissions, submitted
	if got := len(cells(find(table, isElem(atom.Tr)))); got != 15 {
		t.Errorf("%d header cells, want 15", got)
	}
	header := texts(cells(find(table, isElem(atom.Tr))))
	if want := []string{"Rank", "Team", "Model", "CEC ▼", "BLEU", "ROUGE-1", "ROUGE-2", "ROUGE-L", "METEOR",
		"BERTScore F1", "mystery", "p vs leader", "Status", "Submissions", "Submitted"}; !slices.Equal(header, want) {
		t.Errorf("header %q, want %q", header, want)
	}
	want := [][]string{
		{"1", "Alpha & Co", "qwen-1.5b-lora", "0.6543[0.6201, 0.6885]", "0.6043[0.5701, 0.6385]", "—", "leader", "3", "2026-05-01T12:03Z"},
		{"2", evilTeam, `"quoted" model`, "0.6400[0.6058, 0.6742]", "0.5900[0.5558, 0.6242]", "0.312", "tie", "1", "2026-05-01T13:03Z"},
		{"3", "Gamma", "baseline", "0.5000[0.4658, 0.5342]", "0.4500[0.4158, 0.4842]", "0.000420", "", "7", "2026-05-03T12:03Z"},
	}
	for i, r := range rows {
		c := texts(cells(r))
		if len(c) != 15 {
			t.Fatalf("row %d has %d cells, want 15: %q", i, len(c), c)
		}
		got := []string{c[0], c[1], c[2], c[3], c[4], c[11], c[12], c[13], c[14]}
		if !slices.Equal(got, want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, got, want[i])
		}
		if c[10] != "—" {
			t.Errorf("row %d: unscored metric shows %q, want —", i, c[10])
		}
	}
	// The CI is in its own, smaller element.
	if ci := find(rows[0], hasClass("ci")); text(ci) != "[0.6201, 0.6885]" {
		t.Errorf("first CI element %q", text(ci))
	}

	// Escaping: the team's script is text, never markup.
	if strings.Contains(src, evilTeam) || strings.Contains(src, "<b>CEC</b>") {
		t.Error("the page holds a team's or the operator's markup unescaped")
	}
	if !strings.Contains(src, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the script-like team name is not shown escaped")
	}
	if s := find(doc, isElem(atom.Script)); s != nil {
		t.Errorf("the page has a <script> element: %q", text(s))
	}
	// Nothing loaded from elsewhere.
	for _, bad := range []string{"<script", "<link", "<img", "@import", "url(", "http://", "https://", "src="} {
		if strings.Contains(src, bad) {
			t.Errorf("the page contains %q: it must need no outside resources", bad)
		}
	}

	if byIDOrNil(doc, "private-leaderboard") != nil {
		t.Error("private table shown before the benchmark closes")
	}
	if got := text(find(doc, hasClass("notice"))); got != "The private ranking is revealed after 2026-06-30T12:00Z." {
		t.Errorf("private notice %q", got)
	}

	for _, s := range []string{"150 public, 50 private", "open", "One explanation per item.",
		"mean CEC on the public items", "1,000 resamples", "Wilcoxon signed-rank", "p ≥ 0.05"} {
		if !strings.Contains(text(doc), s) {
			t.Errorf("page lacks %q", s)
		}
	}
	rules := findAll(byID(t, doc, "rules"), isElem(atom.Li))
	if got := texts(rules); !slices.Equal(got, []string{"One explanation per item.", "At most 5 submissions a day."}) {
		t.Errorf("rules %q", got)
	}
	var sigs []string
	for _, tr := range bodyRows(find(byID(t, doc, "signatures"), isElem(atom.Table))) {
		sigs = append(sigs, strings.Join(texts(cells(tr)), "="))
	}
	if want := []string{"CEC=cec-v1", "BLEU=nrefs:1|case:mixed|tok:13a", "zeta=z-v2"}; !slices.Equal(sigs, want) {
		t.Errorf("signatures %q, want %q", sigs, want)
	}
}

func TestRenderPageClosed(t *testing.T) {
	p := seededPage()
	p.Benchmark.Closed = true
	priv := seededRows()
	priv[0], priv[2] = priv[2], priv[0] // Gamma did best on the private items
	priv[0].Rank, priv[0].PWilcoxon, priv[0].TiedWithLeader = 1, nil, true
	priv[2].Rank, priv[2].PWilcoxon, priv[2].TiedWithLeader = 3, ptr(0.01), false
	p.Private = priv
	_, doc := render(t, p)

	rows := bodyRows(byID(t, doc, "private-leaderboard"))
	if got, want := attrs(rows, "data-team"), []string{"Gamma", evilTeam, "Alpha & Co"}; !slices.Equal(got, want) {
		t.Errorf("private data-team order %q, want %q", got, want)
	}
	if got := texts(cells(rows[0])); got[12] != "leader" || got[11] != "—" {
		t.Errorf("private leader row %q", got)
	}
	if got := attrs(bodyRows(byID(t, doc, "public-leaderboard")), "data-team"); got[0] != "Alpha & Co" {
		t.Errorf("public order changed: %q", got)
	}
	if n := find(doc, hasClass("notice")); n != nil {
		t.Errorf("notice %q shown with the private ranking", text(n))
	}
	if !strings.Contains(text(doc), "closed") {
		t.Error("page does not say the benchmark is closed")
	}
}

func TestRenderPageEmpty(t *testing.T) {
	p := Page{Benchmark: Benchmark{ID: "bm-2", RankedBy: "cec", Metrics: []string{"bleu", "cec"}}}
	_, doc := render(t, p)

	if got := text(find(doc, isElem(atom.H1))); got != "bm-2" {
		t.Errorf("h1 %q, want the id when the benchmark has no name", got)
	}
	table := byID(t, doc, "public-leaderboard")
	header := texts(cells(find(table, isElem(atom.Tr))))
	if header[3] != "CEC ▼" || header[4] != "BLEU" {
		t.Errorf("columns without Page.Metrics %q, want the ranking metric first", header)
	}
	rows := bodyRows(table)
	if len(rows) != 1 || attr(rows[0], "data-team") != "" {
		t.Fatalf("empty leaderboard rows: %d", len(rows))
	}
	td := cells(rows[0])
	if len(td) != 1 || text(td[0]) != "No scored submissions yet" || attr(td[0], "colspan") != "9" {
		t.Errorf("empty row: %d cells, %q, colspan %q", len(td), text(td[0]), attr(td[0], "colspan"))
	}
	if got := text(find(doc, hasClass("notice"))); got != "The private ranking is revealed when the benchmark closes." {
		t.Errorf("private notice %q", got)
	}

	p.Private = []Row{} // closed, nobody scored
	_, doc = render(t, p)
	if got := text(byID(t, doc, "private-leaderboard")); !strings.Contains(got, "No scored submissions yet") {
		t.Errorf("empty private table %q", got)
	}
}

func TestFormatP(t *testing.T) {
	for p, want := range map[float64]string{
		1: "1.00", 0.5: "0.500", 0.31249: "0.312", 0.0500: "0.0500", 0.049999: "0.0500", 0.09996: "0.100",
		0.00042: "0.000420", 0.0001: "0.000100", 0.0000123456: "1.23e-05", 0: "0",
	} {
		if got := formatP(p); got != want {
			t.Errorf("formatP(%v) = %q, want %q", p, got, want)
		}
	}
}

func TestMetricName(t *testing.T) {
	for m, want := range map[string]string{
		"cec": "CEC", "bleu": "BLEU", "rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L",
		"meteor": "METEOR", "bertscore_f1": "BERTScore F1", "chrf": "chrf",
	} {
		if got := MetricName(m); got != want {
			t.Errorf("MetricName(%q) = %q, want %q", m, got, want)
		}
	}
}

// TestRenderPageChromium loads the page in headless chromium: the rows
// the browser lays out are in rank order, no team's markup became an
// element, and a screenshot is kept (in $CECBENCH_TEST_ARTIFACTS when set).
func TestRenderPageChromium(t *testing.T) {
	chromiumtest.Path(t) // skip early without a browser
	p := seededPage()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := RenderPage(w, p); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	url := srv.URL + "/leaderboard/" + p.Benchmark.ID

	doc, err := html.Parse(strings.NewReader(chromiumtest.DumpDOM(t, url)))
	if err != nil {
		t.Fatal(err)
	}
	rows := bodyRows(byID(t, doc, "public-leaderboard"))
	if got, want := attrs(rows, "data-team"), []string{"Alpha & Co", evilTeam, "Gamma"}; !slices.Equal(got, want) {
		t.Errorf("browser's data-team order %q, want %q", got, want)
	}
	var ranks []string
	for _, r := range rows {
		ranks = append(ranks, text(find(r, hasClass("rank"))))
	}
	if want := []string{"1", "2", "3"}; !slices.Equal(ranks, want) {
		t.Errorf("browser's rank cells %q, want %q", ranks, want)
	}
	if s := find(doc, isElem(atom.Script)); s != nil {
		t.Errorf("the browser's DOM has a <script> element: %q", text(s))
	}

	shot := chromiumtest.ArtifactPath(t, "leaderboard-page.png")
	chromiumtest.Screenshot(t, url, shot, 1600, 1200)
	t.Logf("screenshot: %s", shot)
}

// Helpers over the parsed page.

func isElem(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.DataAtom == a }
}

func hasClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return n.Type == html.ElementNode && slices.Contains(strings.Fields(attr(n, "class")), class)
	}
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if n == nil {
		return nil
	}
	for d := range n.Descendants() {
		if match(d) {
			out = append(out, d)
		}
	}
	return out
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func byIDOrNil(n *html.Node, id string) *html.Node {
	return find(n, func(n *html.Node) bool { return n.Type == html.ElementNode && attr(n, "id") == id })
}

func byID(t *testing.T, n *html.Node, id string) *html.Node {
	t.Helper()
	e := byIDOrNil(n, id)
	if e == nil {
		t.Fatalf("no element with id %q", id)
	}
	return e
}

// bodyRows are the rows of a table's tbody.
func bodyRows(table *html.Node) []*html.Node {
	var rows []*html.Node
	for _, tb := range findAll(table, isElem(atom.Tbody)) {
		for c := range tb.ChildNodes() {
			if isElem(atom.Tr)(c) {
				rows = append(rows, c)
			}
		}
	}
	return rows
}

// cells are a row's th and td elements.
func cells(tr *html.Node) []*html.Node {
	var out []*html.Node
	if tr == nil {
		return nil
	}
	for c := range tr.ChildNodes() {
		if isElem(atom.Td)(c) || isElem(atom.Th)(c) {
			out = append(out, c)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func attrs(nodes []*html.Node, key string) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, attr(n, key))
	}
	return out
}

// text is n's text with runs of white space made one space, trimmed.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode && !isElem(atom.Style)(d.Parent) {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func texts(nodes []*html.Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, text(n))
	}
	return out
}
