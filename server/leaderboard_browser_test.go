package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/chromiumtest"
	"github.com/cecbench/cecbench/leaderboard"
)

// TestLeaderboardPageInChromium seeds three teams through the API, loads
// /leaderboard/{id} from a test server in headless Chromium, checks that
// the table the browser built lists them in rank order, and writes a
// screenshot (to $CECBENCH_TEST_ARTIFACTS when set).
func TestLeaderboardPageInChromium(t *testing.T) {
	chromiumtest.Path(t) // skip early without a browser (fail with CECBENCH_REQUIRE_CHROMIUM=1)
	f := newLBFixture(t, 24, true, nil)
	b := f.benchmark(t, map[string]any{"name": "Climate-FEVER CEC (browser test)", "private_fraction": 0.25})
	order := []struct {
		name string
		k    int // paraphrase distance: larger is closer to the references
	}{{"Gamma <b>bold</b>", 12}, {"Alpha", 4}, {"Beta", 2}}
	for _, o := range order {
		tm := f.team(t, o.name)
		rec := f.submit(t, b.ID, tm.APIKey, "student-"+fmt.Sprint(o.k), f.file(func(_ int, id string) string { return paraphrase(f.refs[id], o.k) }), nil)
		if rec.Code != http.StatusAccepted {
			t.Fatalf("%s: %d %s", o.name, rec.Code, rec.Body)
		}
		if sub := f.waitScored(t, b.ID, tm.APIKey, decode[leaderboard.Submission](t, rec).ID); sub.State != leaderboard.StateScored {
			t.Fatalf("%s: %+v", o.name, sub)
		}
	}
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()
	url := srv.URL + "/leaderboard/" + b.ID

	dom := chromiumtest.DumpDOM(t, url)
	public := dom[strings.Index(dom, `id="public-leaderboard"`):]
	var teams []string
	for _, m := range regexp.MustCompile(`data-team="([^"]*)"`).FindAllStringSubmatch(public, -1) {
		teams = append(teams, m[1])
	}
	want := []string{"Gamma &lt;b&gt;bold&lt;/b&gt;", "Alpha", "Beta"}
	if strings.Join(teams, "|") != strings.Join(want, "|") {
		t.Errorf("rows in the browser: %q, want %q", teams, want)
	}
	if strings.Contains(dom, "<b>bold</b>") {
		t.Error("a team name became markup")
	}
	shot := chromiumtest.ArtifactPath(t, "leaderboard-"+b.ID+".png")
	chromiumtest.Screenshot(t, url, shot, 1280, 900)
	t.Logf("screenshot of %d rows: %s", len(teams), shot)
}
