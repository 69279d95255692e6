/**
 * Prometheus metrics (prom-client), one registry per app instance. Labels never carry patient
 * data: service id, HTTP status, rule id and indicator only.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'netcds_http_requests_total', help: 'HTTP requests by route, service and status', labelNames: ['route', 'service', 'status'], registers: [this.registry] });
  readonly latency = new Histogram({
    name: 'netcds_http_request_duration_seconds',
    help: 'HTTP request latency by route, service and status',
    labelNames: ['route', 'service', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly cards = new Counter({ name: 'netcds_cards_total', help: 'Cards issued by rule id and indicator', labelNames: ['rule_id', 'indicator'], registers: [this.registry] });
  readonly fhirQueries = new Counter({ name: 'netcds_fhir_fallback_queries_total', help: 'Queries sent to the CDS client FHIR server', registers: [this.registry] });
  readonly fhirFailures = new Counter({ name: 'netcds_fhir_fallback_failures_total', help: 'FHIR server queries that failed', registers: [this.registry] });
  readonly feedbackWrites = new Counter({ name: 'netcds_feedback_writes_total', help: 'Feedback entries stored', registers: [this.registry] });
  readonly feedbackFailures = new Counter({ name: 'netcds_feedback_write_failures_total', help: 'Feedback writes that failed', registers: [this.registry] });
  readonly cardLogFailures = new Counter({ name: 'netcds_card_log_write_failures_total', help: 'Card log writes that failed', registers: [this.registry] });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'netcds_' });
  }
}
