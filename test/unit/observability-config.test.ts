import { metricNamesIn, readDashboard, readPrometheusConfig } from '../support/observability-config';

test('Prometheus scrapes every process on the port the design gives it', () => {
  const targets = readPrometheusConfig().scrape_configs.flatMap((job) => [
    ...(job.static_configs ?? []).flatMap((s) => s.targets),
    ...(job.dns_sd_configs ?? []).flatMap((d) => d.names.map((name) => `${name}:${d.port}`)),
  ]);
  expect(targets.sort()).toEqual(
    [
      'api:9101',
      'api:9107',
      'order-worker:9102',
      'outbox-relay:9103',
      'projector:9104',
      'payment-gateway:9105',
      'notifier:9106',
    ].sort(),
  );
});

test('the Grafana dashboard is valid JSON whose every panel queries the provisioned Prometheus for metrics of ours', () => {
  const dashboard = readDashboard();
  expect(dashboard.uid).toBe('order-saga');
  expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
  for (const panel of dashboard.panels) {
    expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
      panel: panel.title,
      uid: 'prometheus',
    });
    expect(panel.targets?.length).toBeGreaterThan(0);
    for (const target of panel.targets ?? [])
      expect(metricNamesIn(target.expr ?? '').length).toBeGreaterThan(0);
  }
  const titles = dashboard.panels.map((p) => p.title).join(' | ');
  for (const topic of [
    'Orders per minute',
    'PAID',
    'Outbox backlog',
    'Publish lag',
    'Consumer lag',
    'Dead letters',
    'Temporal',
  ])
    expect(titles).toContain(topic);
});
