// Package server is hankegraph's HTTP surface: every route, in one place.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hankegraph/hankegraph/graph"
	"github.com/hankegraph/hankegraph/internal/atlas"
	"github.com/hankegraph/hankegraph/internal/hanke"
	"github.com/hankegraph/hankegraph/internal/web"
)

// Deps is what the server is built from.
type Deps struct {
	Store  hanke.Store
	Logger *slog.Logger
	// RequestTimeout bounds each request's work; zero means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Limits bound GraphQL queries; the zero value means graph.DefaultLimits.
	Limits graph.Limits
}

// Limits of the HTTP layer.
const (
	DefaultRequestTimeout = 10 * time.Second
	MaxBodyBytes          = 1 << 20
)

// NewServer is the service's HTTP handler.
func NewServer(d Deps) http.Handler {
	if d.RequestTimeout == 0 {
		d.RequestTimeout = DefaultRequestTimeout
	}
	if d.Limits == (graph.Limits{}) {
		d.Limits = graph.DefaultLimits
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	registry := prometheus.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(registry)

	mux := http.NewServeMux()
	svc := graph.NewServices(d.Store) // one atlas and one analyzer, shared by GraphQL and the files
	go prepareMaps(svc.Maps, d.Logger)
	gql := limitBody(withTimeout(jsonStatus(graph.NewHandler(svc, d.Limits)), d.RequestTimeout))
	mux.Handle("GET /graphql", gql)
	mux.Handle("POST /graphql", gql)
	mux.Handle("OPTIONS /graphql", gql)
	mux.Handle("GET /", web.Playground("/graphql")) // the page at /, its assets beside it
	mux.Handle("GET /map/", http.StripPrefix("/map", web.Map("/graphql")))
	mux.Handle("GET /geo/regions.geojson", withTimeout(graph.RegionsGeoJSON(svc.Maps), d.RequestTimeout))
	mux.Handle("GET /export/{file}", withTimeout(graph.Export(svc.Network), d.RequestTimeout))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", readiness(d.Store))
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	return m.instrument(mux, d.Logger)
}

// prepareMaps builds the map's index in the background as the server
// starts. On a large graph the first map request would otherwise wait for
// it, and could run out of its time. A failure is left for the map's
// requests to retry.
func prepareMaps(maps *atlas.Atlas, log *slog.Logger) {
	start := time.Now()
	if err := maps.Prepare(context.Background()); err != nil {
		log.Warn("the map's index is not built yet; the map's first request will build it", "err", err)
		return
	}
	log.Info("the map's index is built", "took", time.Since(start).Round(time.Millisecond))
}

// readiness answers 200 when the store answers within a couple of seconds,
// and 503 with the reason when it does not.
func readiness(store hanke.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := store.Ping(ctx); err != nil {
			http.Error(w, "not ready: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ready\n")
	}
}

// withTimeout gives each request a deadline, which resolvers and stores
// honour; the error presenter reports it as TIMEOUT.
func withTimeout(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// limitBody refuses bodies over MaxBodyBytes with 413 and a GraphQL error.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeError(w, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "the request body is over "+strconv.Itoa(MaxBodyBytes)+" bytes")
				return
			}
			writeError(w, http.StatusBadRequest, hanke.ECodeInvalid, "could not read the request body")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"message": message, "extensions": map[string]any{"code": code}}}})
}

// jsonStatus keeps to the GraphQL-over-HTTP specification for responses of
// media type application/json: a well-formed request is answered 200 even
// when the document does not validate (gqlgen answers 422). Responses of
// media type application/graphql-response+json keep their 4xx codes.
func jsonStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&legacyJSONWriter{wrappedWriter{w}}, r)
	})
}

type legacyJSONWriter struct{ wrappedWriter }

func (w *legacyJSONWriter) WriteHeader(status int) {
	if status == http.StatusUnprocessableEntity && w.Header().Get("Content-Type") == "application/json" {
		status = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(status)
}

// wrappedWriter is the part of a wrapping http.ResponseWriter that passes
// on what the wrapped one can do besides writing: gqlgen's multipart
// transport, which sends an answer with @defer in parts, needs Flush.
type wrappedWriter struct{ http.ResponseWriter }

func (w wrappedWriter) Flush()                      { http.NewResponseController(w.ResponseWriter).Flush() }
func (w wrappedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
