// The dashboard page: reads the runtime's server-sent events (settings, the samples kept, then one sample a
// second) and draws each number with a sparkline of the samples kept. No libraries, nothing from elsewhere.
'use strict';

const HISTORY = 180;
const $ = id => document.getElementById(id);
let settings = {};
let samples = [];

function text(id, value) {
  $(id).textContent = value === null || value === undefined ? '?' : value;
}

function fixed(value) {
  return value === null || value === undefined ? '?' : (Math.round(value * 10) / 10).toLocaleString('en');
}

/** Per-second rates of a running total, one per pair of samples. */
function rates(pick) {
  const out = [];
  for (let i = 1; i < samples.length; i++) {
    const seconds = (samples[i].time - samples[i - 1].time) / 1000;
    out.push(seconds > 0 ? Math.max(0, (pick(samples[i]) - pick(samples[i - 1])) / seconds) : 0);
  }
  return out;
}

/** A polyline of the values, scaled to the largest (or to the limit, drawn as a dashed line, when given). */
function spark(id, values, limit) {
  const svg = $(id);
  const known = values.map(v => (v === null || v === undefined ? 0 : v));
  const top = Math.max(1, limit || 0, ...known);
  const step = 200 / Math.max(1, HISTORY - 1);
  const start = 200 - step * (known.length - 1);
  const points = known.map((v, i) => `${(start + i * step).toFixed(1)},${(39 - (v / top) * 37).toFixed(1)}`);
  const limitLine = limit ? `<line x1="0" x2="200" y1="${(39 - (limit / top) * 37).toFixed(1)}" y2="${(39 - (limit / top) * 37).toFixed(1)}"/>` : '';
  svg.innerHTML = `<polyline points="${points.join(' ')}"/>${limitLine}`;
}

function last(values) {
  return values.length ? values[values.length - 1] : 0;
}

function renderSettings() {
  text('queue-name', settings.writeQueue);
  text('dlq-name', settings.deadLetterQueue ? `${settings.deadLetterQueue} (after ${settings.maxReceiveCount} receives)` : 'no dead-letter queue');
  $('consumer-settings').textContent = `BatchSize ${settings.batchSize}, window ${settings.batchingWindowSeconds} s,`
    + ` MaximumConcurrency ${settings.maximumConcurrency}, Timeout ${settings.consumerTimeoutSeconds} s`;
  $('backoff-settings').textContent = `backoff ${settings.backoffFirstSeconds} s after the first receive, doubling`
    + ` to ${settings.backoffMaxSeconds} s; maxReceiveCount ${settings.maxReceiveCount}`;
  text('connections-budget', settings.connectionBudget === null ? 'no bound' : settings.connectionBudget);
}

function render() {
  if (!samples.length) {
    return;
  }
  const now = samples[samples.length - 1];
  const accepted = rates(s => s.api.accepted);
  text('accepted-rate', fixed(last(accepted)));
  text('accepted-total', now.api.accepted);
  text('api-rejected-total', now.api.rejected);
  text('queue-unavailable-total', now.api.queueUnavailable);
  spark('spark-accepted', accepted);

  text('queue-visible', now.queue.visible);
  text('queue-in-flight', now.queue.inFlight);
  text('queue-retrying', now.queue.waiting);
  spark('spark-queue', samples.map(s => (s.queue.visible || 0) + (s.queue.inFlight || 0) + (s.queue.waiting || 0)));
  text('oldest-age', now.queue.oldestAgeSeconds);
  spark('spark-age', samples.map(s => s.queue.oldestAgeSeconds));

  const applied = rates(s => s.consumer.applied);
  text('applied-rate', fixed(last(applied)));
  text('applied-total', now.consumer.applied);
  text('batches-rate', fixed(last(rates(s => s.consumer.batches))));
  text('duplicates-total', now.consumer.duplicates);
  text('stale-total', now.consumer.stale);
  spark('spark-applied', applied);

  const retried = rates(s => s.consumer.retried);
  text('retried-rate', fixed(last(retried)));
  text('retried-total', now.consumer.retried);
  text('errored-batches', now.consumer.erroredBatches);
  spark('spark-retried', retried);

  text('rejected-total', now.api.rejected + now.consumer.rejected);
  text('rejected-api', now.api.rejected);
  text('rejected-consumer', now.consumer.rejected);
  spark('spark-rejected', samples.map(s => s.api.rejected + s.consumer.rejected));

  text('dlq-depth', now.queue.deadLetters);
  spark('spark-dlq', samples.map(s => s.queue.deadLetters));

  text('circuit-state', now.consumer.circuit);
  $('circuit-state').className = now.consumer.circuit;
  text('database-unavailable-total', now.consumer.databaseUnavailable);

  text('connections-total', now.database.connections);
  $('connections-total').className = settings.connectionBudget && now.database.connections > settings.connectionBudget + 1 ? 'over' : '';
  $('connections-by-application').textContent = Object.entries(now.database.byApplication)
    .map(([name, count]) => `${name} ${count}`).join(' · ');
  spark('spark-connections', samples.map(s => s.database.connections), settings.connectionBudget);

  text('latency-p50', fixed(now.api.latency.p50));
  text('latency-p95', fixed(now.api.latency.p95));
  text('latency-p99', fixed(now.api.latency.p99));
  text('requests-rate', now.api.latency.requests);
  spark('spark-latency', samples.map(s => s.api.latency.p99));

  const backlog = now.backlog;
  if (backlog.startedAt === 0) {
    text('backlog-state', 'no backlog since the page opened');
  } else {
    const total = backlog.settled + backlog.left;
    $('backlog-bar').style.width = `${total ? (100 * backlog.settled / total) : 100}%`;
    const seconds = Math.round(((backlog.endedAt || now.time) - backlog.startedAt) / 1000);
    text('backlog-state', backlog.endedAt ? `drained in ${seconds} s` : `running for ${seconds} s`);
  }
  text('backlog-settled', backlog.settled);
  text('backlog-left', backlog.left);
  text('backlog-peak', backlog.peak);
  text('updated', `Last sample ${new Date(now.time).toLocaleTimeString()}.`);
  document.body.dataset.samples = samples.length;
  if (!document.body.dataset.firstNumbersMs) {
    // Milliseconds from the start of the page's navigation to its first numbers: the browser test reads it.
    document.body.dataset.firstNumbersMs = Math.round(performance.now());
  }
}

const events = new EventSource('/events');
events.addEventListener('settings', e => { settings = JSON.parse(e.data); renderSettings(); });
events.addEventListener('history', e => { samples = JSON.parse(e.data).slice(-HISTORY); render(); });
events.addEventListener('sample', e => {
  samples.push(JSON.parse(e.data));
  if (samples.length > HISTORY) {
    samples.shift();
  }
  render();
});
events.onopen = () => { $('connection').textContent = 'live: one sample a second'; };
events.onerror = () => { $('connection').textContent = 'the runtime does not answer; retrying every second'; };
