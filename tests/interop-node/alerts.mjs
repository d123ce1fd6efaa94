// Node.js alert subscriber for EscalationRisk: binds its own queue to the `alerts`
// topic exchange with one binding key (default `alert.critical.#`), prints
// "READY" on stderr once bound, collects alerts until it has seen WANT of them
// whose rule is RULE (or until TIMEOUT_MS), and prints one JSON line on stdout:
//   {"received":N,"routingKeys":[...],"severities":[...],"rules":[...]}
// Exit code 0 when WANT alerts of RULE arrived, 1 otherwise.
//
// Environment: AMQP_URL (default amqp://guest:guest@127.0.0.1:5679),
// BINDING (default alert.critical.#), RULE (required), WANT (default 1),
// TIMEOUT_MS (default 60000), SETTLE_MS (default 2000: keep listening after
// the last wanted alert, so that anything wrongly routed would show up).

import amqp from 'amqplib';

const AMQP_URL = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5679';
const BINDING = process.env.BINDING || 'alert.critical.#';
const RULE = process.env.RULE || '';
const WANT = Number.parseInt(process.env.WANT || '1', 10);
const TIMEOUT_MS = Number.parseInt(process.env.TIMEOUT_MS || '60000', 10);
const SETTLE_MS = Number.parseInt(process.env.SETTLE_MS || '2000', 10);

const received = [];
const connection = await amqp.connect(AMQP_URL);
const channel = await connection.createChannel();
await channel.assertExchange('alerts', 'topic', { durable: true });
const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
await channel.bindQueue(queue, 'alerts', BINDING);

let done;
const finished = new Promise((resolve) => { done = resolve; });
await channel.consume(queue, (message) => {
  if (message === null) return;
  const alert = JSON.parse(message.content.toString('utf8'));
  received.push({ routingKey: message.fields.routingKey, severity: alert.severity, rule: alert.rule, status: alert.status });
  if (received.filter((r) => r.rule === RULE).length >= WANT) {
    setTimeout(done, SETTLE_MS);
  }
}, { noAck: true });
process.stderr.write('READY\n');

const timer = setTimeout(done, TIMEOUT_MS);
await finished;
clearTimeout(timer);
await connection.close();

const wanted = received.filter((r) => r.rule === RULE).length;
process.stdout.write(JSON.stringify({
  received: received.length,
  routingKeys: received.map((r) => r.routingKey),
  severities: [...new Set(received.map((r) => r.severity))],
  rules: [...new Set(received.map((r) => r.rule))],
}) + '\n');
process.exit(wanted >= WANT ? 0 : 1);
