package routes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
)

// Datasets is the dataset store the dataset routes use (training/catalog).
type Datasets interface {
	Create(ctx context.Context, in catalog.New) (catalog.Dataset, bool, error)
	Get(ctx context.Context, id string) (catalog.Dataset, error)
	Items(ctx context.Context, id string) ([]dataset.Item, error)
	Raw(ctx context.Context, id string) ([]byte, error)
	List(ctx context.Context) ([]catalog.Dataset, error)
}

// DatasetList is the answer of GET /v1/datasets.
type DatasetList struct {
	Datasets []catalog.Dataset `json:"datasets"`
}

// ItemPage is one page of a dataset's items.
type ItemPage struct {
	DatasetID string `json:"dataset_id"`
	// Split is the split the page is from ("" for all items).
	Split  string `json:"split,omitempty"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
	// Total is the number of items (of the split).
	Total int            `json:"total"`
	Items []dataset.Item `json:"items"`
}

// The item page size: default and largest.
const (
	defaultItemLimit = 100
	maxItemLimit     = 1000
)

// createDataset godoc
//
//	@Summary		Upload a dataset
//	@Description	JSONL, one item a line, as the request body (`Content-Type: application/x-ndjson`) or as the multipart field `file`. Two formats: Climate-FEVER's own (`claim_id`, `claim`, `claim_label`, `evidences[]`) and the simple one (`id`, `claim`, `evidence` (strings or `{text, label}` objects), `label`, optional `explanation` and `split`). Every line is validated; a 422 lists the first problems with their line numbers.
//	@Description	The items get deterministic train/validation/test splits, stratified by label (`splits`, default 80,10,10; `seed`, default 20250525), unless every item of a simple-format file carries its own `split`. The dataset's id comes from its content: uploading the same content again answers 200 with the dataset already stored.
//	@Tags			datasets
//	@Accept			application/x-ndjson
//	@Accept			mpfd
//	@Produce		json
//	@Param			name	query		string	false	"a name to show (not part of the identity)"
//	@Param			splits	query		string	false	"train,validation,test ratios, as fractions or percent"	example(80,10,10)
//	@Param			seed	query		integer	false	"split seed"	example(20250525)
//	@Param			file	formData	file	false	"the JSONL file (multipart uploads)"
//	@Success		201		{object}	catalog.Dataset	"stored"
//	@Success		200		{object}	catalog.Dataset	"the same content was stored before"
//	@Failure		400		{object}	Problem
//	@Failure		413		{object}	Problem
//	@Failure		415		{object}	Problem	"neither JSONL nor multipart"
//	@Failure		422		{object}	Problem	"invalid lines (errors lists them with line numbers) or split settings"
//	@Router			/v1/datasets [post]
func (h *handlers) createDataset(c echo.Context) error {
	cfg, err := dataset.ParseSplitConfig(c.QueryParam("splits"), c.QueryParam("seed"))
	if err != nil {
		return &RequestError{Kind: ErrWrongType, Detail: "query parameters splits and seed: " + err.Error()}
	}
	body, filename, err := h.jsonlBody(c, "dataset")
	if err != nil {
		return err
	}
	defer body.Close()
	items, format, err := dataset.Parse(body, dataset.Limits{})
	if err != nil {
		return tooLargeOr(err, "dataset", h.d.MaxDatasetBytes)
	}
	name := c.QueryParam("name")
	if name == "" {
		name = filename
	}
	d, created, err := h.d.Datasets.Create(c.Request().Context(), catalog.New{Name: name, Format: format, Items: items, Splits: &cfg})
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/v1/datasets/"+d.ID)
	if created {
		return c.JSON(http.StatusCreated, d)
	}
	return c.JSON(http.StatusOK, d)
}

// tooLargeOr turns the error of reading an upload past its limit into a
// 413 naming what was uploaded; other errors are returned as they are.
func tooLargeOr(err error, what string, limit int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &RequestError{Kind: ErrTooLarge, Detail: fmt.Sprintf("the %s is larger than the limit of %d bytes (--max-dataset-bytes)", what, limit)}
	}
	return err
}

// jsonlBody returns an uploaded JSONL file (what names it in errors) and
// the file name if there is one, from a JSONL body or the multipart field
// "file".
func (h *handlers) jsonlBody(c echo.Context, what string) (io.ReadCloser, string, error) {
	r := c.Request()
	r.Body = http.MaxBytesReader(c.Response(), r.Body, h.d.MaxDatasetBytes)
	mediaType, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err != nil {
		mediaType = ""
	}
	switch mediaType {
	case "application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines":
		return r.Body, "", nil
	case "multipart/form-data":
		fh, err := c.FormFile("file")
		if err != nil {
			if tooBig := tooLargeOr(err, what, h.d.MaxDatasetBytes); tooBig != err {
				return nil, "", tooBig
			}
			return nil, "", &RequestError{Kind: ErrMalformed, Detail: "multipart upload has no readable field \"file\": " + err.Error()}
		}
		f, err := fh.Open()
		if err != nil {
			return nil, "", &RequestError{Kind: ErrMalformed, Detail: "could not read the uploaded file: " + err.Error()}
		}
		return f, path.Base(fh.Filename), nil
	default:
		return nil, "", &RequestError{Kind: ErrUnsupportedMedia, Detail: fmt.Sprintf("Content-Type %q: send JSONL as application/x-ndjson, or a multipart/form-data upload with the field \"file\"", r.Header.Get(echo.HeaderContentType))}
	}
}

// listDatasets godoc
//
//	@Summary	List the stored datasets, newest first
//	@Tags		datasets
//	@Produce	json
//	@Success	200	{object}	DatasetList
//	@Router		/v1/datasets [get]
func (h *handlers) listDatasets(c echo.Context) error {
	ds, err := h.d.Datasets.List(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, DatasetList{Datasets: ds})
}

// getDataset godoc
//
//	@Summary	One dataset's description
//	@Tags		datasets
//	@Produce	json
//	@Param		id	path		string	true	"dataset id"
//	@Success	200	{object}	catalog.Dataset
//	@Failure	404	{object}	Problem
//	@Router		/v1/datasets/{id} [get]
func (h *handlers) getDataset(c echo.Context) error {
	d, err := h.d.Datasets.Get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// datasetItems godoc
//
//	@Summary		A page of a dataset's items
//	@Description	Items in stored order, optionally of one split. `format=jsonl` returns the whole stored canonical JSONL instead, whose sha256 is the dataset's `sha256`.
//	@Tags			datasets
//	@Produce		json
//	@Produce		application/x-ndjson
//	@Param			id		path		string	true	"dataset id"
//	@Param			offset	query		integer	false	"items to skip"	default(0)
//	@Param			limit	query		integer	false	"items to return (at most 1000)"	default(100)
//	@Param			split	query		string	false	"train, validation or test"
//	@Param			format	query		string	false	"json (pages) or jsonl (everything)"
//	@Success		200		{object}	ItemPage
//	@Failure		404		{object}	Problem
//	@Failure		422		{object}	Problem
//	@Router			/v1/datasets/{id}/items [get]
func (h *handlers) datasetItems(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	if _, err := h.d.Datasets.Get(ctx, id); err != nil {
		return err
	}
	switch c.QueryParam("format") {
	case "", "json":
	case "jsonl":
		raw, err := h.d.Datasets.Raw(ctx, id)
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, "application/x-ndjson", raw)
	default:
		return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("format %q: want json or jsonl", c.QueryParam("format"))}
	}
	offset, err := intParam(c, "offset", 0, 0, 1<<31-1)
	if err != nil {
		return err
	}
	limit, err := intParam(c, "limit", defaultItemLimit, 1, maxItemLimit)
	if err != nil {
		return err
	}
	split := c.QueryParam("split")
	if err := checkSplit(split); err != nil {
		return err
	}
	items, err := h.d.Datasets.Items(ctx, id)
	if err != nil {
		return err
	}
	if split != "" {
		items = dataset.OfSplit(items, split)
	}
	page := ItemPage{DatasetID: id, Split: split, Offset: offset, Limit: limit, Total: len(items), Items: []dataset.Item{}}
	if offset < len(items) {
		page.Items = items[offset:min(len(items), offset+limit)]
	}
	return c.JSON(http.StatusOK, page)
}

// datasetSFT godoc
//
//	@Summary		Supervised fine-tuning export
//	@Description	The items of a split that have a teacher explanation, as training examples rendered with a versioned prompt template (the `X-Prompt-Template` header and, in chat format, each line's `template` say which). `format=chat` (default): JSONL with `messages` (system, user with `[Claim]; [Evidence]; [Label]` and the request for a causal explanation, assistant = the teacher's explanation). `format=text`: the plain-text file llama.cpp's `llama-finetune -f` reads.
//	@Tags			datasets
//	@Produce		application/x-ndjson
//	@Produce		plain
//	@Param			id			path		string	true	"dataset id"
//	@Param			split		query		string	false	"train, validation or test; all items when absent"
//	@Param			format		query		string	false	"chat or text"	default(chat)
//	@Param			template	query		string	false	"prompt template version"	default(cec-causal-v1)
//	@Success		200			{string}	string	"the export"
//	@Failure		404			{object}	Problem
//	@Failure		422			{object}	Problem	"unknown split, format or template; no items in the split; no explanations yet (run a teacher job)"
//	@Router			/v1/datasets/{id}/sft [get]
func (h *handlers) datasetSFT(c echo.Context) error {
	ctx := c.Request().Context()
	id := c.Param("id")
	if _, err := h.d.Datasets.Get(ctx, id); err != nil {
		return err
	}
	split := c.QueryParam("split")
	if err := checkSplit(split); err != nil {
		return err
	}
	version := c.QueryParam("template")
	if version == "" {
		version = dataset.DefaultTemplate
	}
	tmpl, err := dataset.LookupTemplate(version)
	if err != nil {
		return &RequestError{Kind: ErrWrongType, Detail: err.Error()}
	}
	format := c.QueryParam("format")
	write, contentType, ext := dataset.WriteChatJSONL, "application/x-ndjson", "jsonl"
	switch format {
	case "", "chat":
		format = "chat"
	case "text":
		write, contentType, ext = dataset.WriteText, "text/plain; charset=utf-8", "txt"
	default:
		return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("format %q: want chat or text", format)}
	}
	items, err := h.d.Datasets.Items(ctx, id)
	if err != nil {
		return err
	}
	var buf strings.Builder
	n, err := write(&buf, items, split, tmpl)
	if err != nil {
		return err
	}
	name := id
	if split != "" {
		name += "-" + split
	}
	hdr := c.Response().Header()
	hdr.Set("X-Prompt-Template", tmpl.Version)
	hdr.Set("X-SFT-Examples", strconv.Itoa(n))
	hdr.Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name+"-sft-"+format+"."+ext))
	return c.Blob(http.StatusOK, contentType, []byte(buf.String()))
}

// checkSplit accepts "" (all items) and the split names.
func checkSplit(split string) error {
	if split == "" || dataset.IsSplit(split) {
		return nil
	}
	return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("split %q: want one of %s", split, strings.Join(dataset.SplitNames, ", "))}
}

// intParam reads an optional integer query parameter within [lo, hi].
func intParam(c echo.Context, name string, def, lo, hi int) (int, error) {
	s := c.QueryParam(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("%s: want an integer from %d to %d, got %q", name, lo, hi, s)}
	}
	return v, nil
}
