// Package metrics defines Ferry's Prometheus metrics. Labels carry only platforms,
// outcomes, categories and codes: never patient data, ids or text.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics is the set of collectors, registered on their own registry.
type Metrics struct {
	Registry        *prometheus.Registry
	Webhooks        *prometheus.CounterVec   // platform, outcome
	AckSeconds      *prometheus.HistogramVec // platform
	Events          *prometheus.CounterVec   // platform, kind
	Findings        *prometheus.CounterVec   // category
	Deliveries      *prometheus.CounterVec   // platform, outcome (sent, retry, failed)
	QueueDepth      prometheus.GaugeFunc
	VaultErrors     prometheus.CounterFunc
	LinkEvents      *prometheus.CounterVec // outcome (opened, redeemed, rejected)
	queueDepthValue func() float64
}

// New builds the metrics. queueDepth and vaultErrors are read at scrape time.
func New(queueDepth func() float64, vaultErrors func() float64) *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.Webhooks = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "ferry", Name: "webhook_requests_total",
		Help: "Webhook requests by platform and outcome (ok, duplicate, bad_signature, malformed, store_error, ...)."}, []string{"platform", "outcome"})
	m.AckSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "ferry", Name: "webhook_ack_seconds",
		Help: "Time from request to acknowledgement (after commit).", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"platform"})
	m.Events = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "ferry", Name: "inbound_events_total",
		Help: "Parsed inbound events by platform and kind."}, []string{"platform", "kind"})
	m.Findings = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "ferry", Name: "strip_findings_total",
		Help: "Stripped findings by category."}, []string{"category"})
	m.Deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "ferry", Name: "delivery_attempts_total",
		Help: "Reply delivery attempts by platform and outcome (sent, retry, failed)."}, []string{"platform", "outcome"})
	m.LinkEvents = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "ferry", Name: "link_events_total",
		Help: "Link page events by outcome."}, []string{"outcome"})
	m.QueueDepth = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "ferry", Name: "delivery_queue_depth",
		Help: "Reply jobs pending or in flight."}, queueDepth)
	m.VaultErrors = prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "ferry", Name: "vault_errors_total",
		Help: "Errors talking to Vault."}, vaultErrors)
	m.Registry.MustRegister(m.Webhooks, m.AckSeconds, m.Events, m.Findings, m.Deliveries, m.LinkEvents, m.QueueDepth,
		m.VaultErrors, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchStore registers the group-commit counters, read at scrape time: write transactions
// committed, and the writes (webhooks, link and job updates) they held.
func (m *Metrics) WatchStore(commits, writes func() float64) {
	m.Registry.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "ferry", Name: "store_commits_total",
			Help: "Write transactions committed by the group commit."}, commits),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "ferry", Name: "store_writes_total",
			Help: "Writes held by committed transactions (writes/commits is the mean group size)."}, writes))
}
