import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

export interface DashboardPanel {
  title: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr?: string }>;
}

export const readDashboard = (): { uid: string; panels: DashboardPanel[] } =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'docker/grafana/dashboards/order-saga.json'), 'utf8'));

export const readPrometheusConfig = (): {
  scrape_configs: Array<{
    job_name: string;
    static_configs?: Array<{ targets: string[] }>;
    /** A replicated service: one target per replica, found through the network's DNS. */
    dns_sd_configs?: Array<{ names: string[]; port: number }>;
  }>;
} => parse(fs.readFileSync(path.join(ROOT, 'docker/prometheus/prometheus.yml'), 'utf8'));

/** Every metric of ours a dashboard query reads (names start with the prefixes our processes use). */
export function metricNamesIn(expr: string): string[] {
  return [...expr.matchAll(/\b(?:temporal|outbox|projector|gateway|orders|http|notifier)_[a-z0-9_]+\b/g)].map(
    (m) => m[0],
  );
}
