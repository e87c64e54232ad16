'use strict';
// The stream clients of the streams suite, in a process of their own on the load core: opens many server-sent
// event streams to one server and reports, over IPC, when each received what. Messages from the parent:
//   { type: 'open', url, count, batch }  → { opened, failed, ms }: opened `count` streams, each told the state
//   { type: 'arm', mode }                → { armed: true }: from now on, note when each stream is told `mode`
//   { type: 'collect', withinMs }        → { told, count, times }: the Date.now() at which each stream was told
//   { type: 'close' }                    → { closed }
const http = require('node:http');

const streams = [];
let expected = null;

function openOne(url) {
  return new Promise((resolve) => {
    const stream = { request: null, buffer: '', toldAt: null, firstEvent: null };
    const request = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        resolve(null);
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        stream.buffer += chunk;
        let end;
        while ((end = stream.buffer.indexOf('\n\n')) !== -1) {
          const frame = stream.buffer.slice(0, end);
          stream.buffer = stream.buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const mode = JSON.parse(data.slice(6)).mode;
          if (!stream.firstEvent) {
            stream.firstEvent = mode;
            resolve(stream);
          }
          if (expected !== null && mode === expected && stream.toldAt === null) stream.toldAt = Date.now();
        }
      });
    });
    request.on('error', () => resolve(null));
    stream.request = request;
  });
}

async function open({ url, count, batch }) {
  const started = Date.now();
  let failed = 0;
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => openOne(url)));
    for (const stream of opened) {
      if (stream) streams.push(stream);
      else failed++;
    }
  }
  return { opened: streams.length, failed, ms: Date.now() - started };
}

async function collect({ withinMs }) {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline && streams.some((stream) => stream.toldAt === null)) await new Promise((resolve) => setTimeout(resolve, 20));
  const times = streams.map((stream) => stream.toldAt).filter((at) => at !== null);
  return { told: times.length, count: streams.length, times };
}

process.on('message', async (message) => {
  let answer;
  if (message.type === 'open') answer = await open(message);
  else if (message.type === 'arm') {
    expected = message.mode;
    for (const stream of streams) stream.toldAt = null;
    answer = { armed: true };
  } else if (message.type === 'collect') answer = await collect(message);
  else if (message.type === 'close') {
    for (const stream of streams) stream.request.destroy();
    answer = { closed: streams.splice(0).length };
  }
  process.send({ id: message.id, ...answer });
});
process.on('disconnect', () => process.exit(0));
