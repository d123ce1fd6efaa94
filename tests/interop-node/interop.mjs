// Node.js interop check for the EscalationRisk scoring service.
//
// Publishes COUNT plain-JSON articles (no MassTransit envelope) to the fanout
// exchange `articles`, then waits for the service to publish a scored result
// for each of them to the fanout exchange `article-scored`, and checks the
// shape of every result that belongs to this run.
//
// Environment:
//   AMQP_URL    broker URL          (default amqp://guest:guest@127.0.0.1:5679)
//   COUNT       articles to publish (default 20)
//   TIMEOUT_MS  overall time limit  (default 30000)
//
// Output: one JSON line on stdout,
//   {"published":N,"received":N,"invalid":N,"ms":N}
// where `received` counts distinct valid results for this run's articles,
// `invalid` counts results for this run's articles that fail validation and
// `ms` is the time from the first publish to the end (or to the failure).
// Diagnostics go to stderr.
// Exit code: 0 when every published article came back valid; 1 on timeout,
// on any invalid result, or on any connection/channel error.

import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';

const AMQP_URL = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5679';
const COUNT = parseCount(process.env.COUNT, 20);
const TIMEOUT_MS = parseCount(process.env.TIMEOUT_MS, 30000);

const ARTICLES_EXCHANGE = 'articles';
const SCORED_EXCHANGE = 'article-scored';
const LABELS = new Set(['escalation', 'deescalation', 'mixed', 'neutral']);

// Short news-like sentences, alternating English (even i) and Arabic (odd i),
// a mix of escalation, de-escalation, mixed and neutral items.
const ENGLISH = [
  'Artillery fire intensified along the northern border overnight as both sides mobilised reserve troops.',
  'Foreign ministers agreed to resume peace talks next week and to reopen the main border crossing.',
  'The government declared a state of emergency after militants ambushed a military convoy near the capital.',
  'Both armies began pulling heavy weapons back from the front line under the new truce agreement.',
  'Negotiators met in Geneva for a second day even as shelling continued in the eastern provinces.',
];
const ARABIC = [
  'اتفق الطرفان على وقف إطلاق النار وتبادل الأسرى برعاية الأمم المتحدة.',
  'شنت طائرات حربية غارات جديدة على مواقع عسكرية قرب العاصمة وتوعد الجيش بالرد.',
  'أعلنت الحكومة سحب القوات من المنطقة العازلة تمهيداً لاستئناف المفاوضات.',
  'تصاعدت الاشتباكات المسلحة في المدينة وسقط عشرات القتلى والجرحى.',
  'افتتح وزير التعليم مدرسة جديدة في المحافظة الجنوبية.',
];

function parseCount(value, fallback) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`interop: invalid number ${JSON.stringify(value)}, using ${fallback}`);
    return fallback;
  }
  return n;
}

function articleBody(i) {
  const half = Math.floor(i / 2);
  return i % 2 === 0 ? ENGLISH[half % ENGLISH.length] : ARABIC[half % ARABIC.length];
}

// Returns a list of problems with a scored result (empty when valid).
function validate(result) {
  const problems = [];
  if (!LABELS.has(result.label)) problems.push(`label ${JSON.stringify(result.label)}`);
  if (typeof result.risk !== 'number' || !Number.isFinite(result.risk) || result.risk < 0 || result.risk > 100) {
    problems.push(`risk ${JSON.stringify(result.risk)}`);
  }
  if (!Array.isArray(result.signals)) problems.push(`signals ${JSON.stringify(result.signals)}`);
  if (typeof result.modelVersion !== 'string') problems.push(`modelVersion ${JSON.stringify(result.modelVersion)}`);
  return problems;
}

const runId = randomBytes(4).toString('hex');
const published = new Set();  // articleIds sent (and confirmed) by this run
const expected = new Set();   // articleIds this run will send (known before publishing)
const received = new Set();   // distinct articleIds that came back valid
let invalid = 0;
let foreign = 0;              // messages on our queue that are not for this run
let publishStart = null;
let connection = null;
let finished = false;

for (let i = 0; i < COUNT; i++) expected.add(`node-${runId}-${i}`);

async function finish(code, reason) {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  if (reason) console.error(`interop: ${reason}`);
  if (code !== 0 && foreign > 0) {
    console.error(`interop: ${foreign} message(s) on ${SCORED_EXCHANGE} were not results for this run's articles`);
  }
  const ms = publishStart === null ? 0 : Date.now() - publishStart;
  console.log(JSON.stringify({ published: published.size, received: received.size, invalid, ms }));
  if (connection) {
    // Closing the connection closes its channels too (and, with them, our
    // exclusive auto-delete queue). Bound the wait so a dead broker can't hang us.
    const conn = connection;
    connection = null;
    try {
      await Promise.race([conn.close(), new Promise((r) => setTimeout(r, 5000).unref())]);
    } catch {
      // already closed / broken: nothing more to do
    }
  }
  process.exitCode = code;
  // amqplib may leave a socket timer behind on a broken connection.
  setTimeout(() => process.exit(code), 100).unref();
}

const timer = setTimeout(() => {
  finish(1, `timed out after ${TIMEOUT_MS} ms (${received.size}/${COUNT} results)`);
}, TIMEOUT_MS);

function onMessage(channel, msg) {
  if (msg === null) {
    // The broker cancelled our consumer (e.g. the queue was deleted).
    finish(1, 'consumer cancelled by the broker');
    return;
  }
  // Ack straight away: every message is judged exactly once, never requeued.
  try { channel.ack(msg); } catch { /* channel already closed */ }
  if (finished) return;

  let body;
  try {
    body = JSON.parse(msg.content.toString('utf8'));
  } catch {
    foreign++;
    return;
  }
  const id = body && typeof body === 'object' ? body.articleId : undefined;
  if (typeof id !== 'string' || !expected.has(id)) {
    foreign++;
    return;
  }
  const problems = validate(body);
  if (problems.length > 0) {
    invalid++;
    finish(1, `invalid result for ${id}: ${problems.join(', ')}`);
    return;
  }
  received.add(id);
  if (received.size === COUNT && published.size === COUNT) finish(0);
}

async function main() {
  connection = await amqp.connect(AMQP_URL);
  connection.on('error', (err) => finish(1, `connection error: ${err.message}`));
  connection.on('close', () => finish(1, 'connection closed by the broker'));

  // Consumer side: our own exclusive, auto-delete, server-named queue bound to
  // the service's output exchange, set up before anything is published.
  const consumeChannel = await connection.createChannel();
  consumeChannel.on('error', (err) => finish(1, `consumer channel error: ${err.message}`));
  await consumeChannel.assertExchange(ARTICLES_EXCHANGE, 'fanout', { durable: true });
  await consumeChannel.assertExchange(SCORED_EXCHANGE, 'fanout', { durable: true });
  const { queue } = await consumeChannel.assertQueue('', { exclusive: true, autoDelete: true });
  await consumeChannel.bindQueue(queue, SCORED_EXCHANGE, '');
  await consumeChannel.prefetch(100);
  await consumeChannel.consume(queue, (msg) => onMessage(consumeChannel, msg), { noAck: false });

  // Producer side: a confirm channel; wait until the broker confirms all.
  const publishChannel = await connection.createConfirmChannel();
  publishChannel.on('error', (err) => finish(1, `publish channel error: ${err.message}`));
  publishStart = Date.now();
  const ids = [...expected];
  for (let i = 0; i < COUNT; i++) {
    const article = { articleId: ids[i], body: articleBody(i), source: 'node-interop' };
    const options = { persistent: true };
    if (i % 2 === 0) options.contentType = 'application/json'; // odd i: no content type at all
    const ok = publishChannel.publish(ARTICLES_EXCHANGE, '', Buffer.from(JSON.stringify(article), 'utf8'), options);
    if (!ok) await new Promise((resolve) => publishChannel.once('drain', resolve));
  }
  await publishChannel.waitForConfirms();
  for (const id of ids) published.add(id);
  if (received.size === COUNT) finish(0);
}

main().catch((err) => finish(1, `error: ${err && err.message ? err.message : err}`));
