// Package routes holds the HTTP handlers of the cecbench API, their request
// and response types and swag annotations; Register is the route table.
package routes

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/cecbench/cecbench/jobs"
	"github.com/cecbench/cecbench/kv"
	"github.com/cecbench/cecbench/llamacpp"
	"github.com/cecbench/cecbench/scoring"
)

// Scorer computes CEC for texts and for precomputed vectors.
type Scorer interface {
	Score(ctx context.Context, pairs []scoring.Pair, opts scoring.Options) ([]scoring.Result, error)
	Signature() scoring.Signature
	ScoreVectors(gen, ref [][]float64, opts scoring.Options) (scoring.Result, error)
}

// Embedder embeds texts for the OpenAI-compatible embeddings endpoint.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	ID() string
	Dim() int
	// CountTokens returns the number of tokens the model sees for texts.
	CountTokens(texts []string) int
}

// Backend gives handlers what they need once it is loaded; until then its
// methods return an error wrapping ErrNotReady.
type Backend interface {
	Scorer() (Scorer, error)
	Embedder() (Embedder, error)
	Metrics() (MetricsComputer, error)
	// Ready returns nil when every part is loaded, otherwise why not.
	Ready() error
	// CacheStatus is the shared embedding cache's state; nil when none
	// is configured (or nothing is loaded yet).
	CacheStatus(ctx context.Context) *CacheStatus
}

// Deps are the dependencies of the handlers.
type Deps struct {
	Backend Backend
	// MaxBodyBytes limits request bodies.
	MaxBodyBytes int64
	// Metrics serves the Prometheus exposition.
	Metrics http.Handler
	// Docs serves Swagger UI and the OpenAPI spec under /swagger/.
	Docs echo.HandlerFunc
	// Datasets stores datasets; MaxDatasetBytes limits an upload.
	Datasets        Datasets
	MaxDatasetBytes int64
	// Jobs is the job queue.
	Jobs jobs.Queue
	// Models is the model registry.
	Models ModelRegistry
	// Store holds jobs' larger outputs: loss curves, evaluation results.
	Store kv.Store
	// Binaries are the llama.cpp programs this server found.
	Binaries llamacpp.Binaries
	// Leaderboard runs the benchmarks for external teams; AdminToken is
	// the operator's token (CECBENCH_ADMIN_TOKEN; empty: the admin API
	// is disabled).
	Leaderboard Leaderboard
	AdminToken  string
}

// Register adds every route to e.
//
//	@title						cecbench API
//	@version					0.1.0
//	@description				Causal Explanation Coherence (CEC) and text metrics for causal distillation: score student explanations against teacher references.
//	@description				Errors are RFC 9457 application/problem+json. Every score carries a signature naming the metric version, embedder, weights checksum and sentence splitter.
//	@license.name				Apache-2.0
//	@BasePath					/
//	@accept						json
//	@produce					json
//	@securityDefinitions.apikey	AdminToken
//	@in							header
//	@name						Authorization
//	@description				"Bearer " + the operator's CECBENCH_ADMIN_TOKEN
//	@securityDefinitions.apikey	TeamKey
//	@in							header
//	@name						Authorization
//	@description				"Bearer " + a team's API key
func Register(e *echo.Echo, d Deps) {
	h := &handlers{d: d}
	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET("/metrics", h.prometheus)
	e.GET("/swagger/*", d.Docs)
	e.GET("/", h.index)

	v1 := e.Group("/v1")
	v1.POST("/cec", h.cec)
	v1.POST("/cec/batch", h.cecBatch)
	v1.POST("/cec/vectors", h.cecVectors)
	v1.POST("/embeddings", h.embeddings)
	v1.POST("/stats/paired", h.statsPaired)
	v1.POST("/metrics", h.metrics)

	// What can show teacher explanations is the operator's (see
	// operatorOnly).
	op := h.operatorOnly
	v1.POST("/datasets", h.createDataset, op)
	v1.GET("/datasets", h.listDatasets, op)
	v1.GET("/datasets/:id", h.getDataset, op)
	v1.GET("/datasets/:id/items", h.datasetItems, op)
	v1.GET("/datasets/:id/sft", h.datasetSFT, op)

	v1.GET("/jobs", h.listJobs, op)
	v1.GET("/jobs/:id", h.getJob, op)
	v1.GET("/jobs/:id/events", h.jobEvents, op)
	v1.POST("/jobs/:id/cancel", h.cancelJob, op)

	v1.POST("/teacher/jobs", h.createTeacherJob, op)

	v1.GET("/models", h.listModels, op)
	v1.POST("/models", h.registerModel, op)
	v1.GET("/models/:name", h.getModel, op)
	v1.POST("/finetune/jobs", h.createFinetuneJob, op)
	v1.GET("/finetune/jobs/:id/metrics", h.finetuneMetrics, op)
	v1.POST("/eval/jobs", h.createEvalJob, op)
	v1.GET("/eval/jobs/:id/results", h.evalResults, op)

	if d.Leaderboard == nil {
		return
	}
	admin := h.requireAdmin
	v1.POST("/admin/teams", h.createTeam, admin)
	v1.GET("/admin/teams", h.listTeams, admin)
	v1.POST("/admin/teams/:id/rotate-key", h.rotateKey, admin)
	v1.POST("/admin/benchmarks", h.createBenchmark, admin)

	v1.GET("/benchmarks", h.listBenchmarks)
	v1.GET("/benchmarks/:id", h.getBenchmark)
	v1.GET("/benchmarks/:id/items", h.benchmarkItems)
	v1.GET("/benchmarks/:id/leaderboard", h.getLeaderboard)
	e.GET("/leaderboard/:id", h.leaderboardPage)

	teamOnly := h.requireTeam
	v1.POST("/benchmarks/:id/submissions", h.createSubmission, teamOnly)
	v1.GET("/benchmarks/:id/submissions", h.listSubmissions, teamOnly)
	v1.GET("/benchmarks/:id/submissions/:sid", h.getSubmission, teamOnly)
	v1.POST("/benchmarks/:id/submissions/:sid/rescore", h.rescoreSubmission, teamOnly)
}

type handlers struct{ d Deps }
