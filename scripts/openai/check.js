// Checks that the official OpenAI Node client (pinned in package.json)
// works against a running cecbench: node check.js http://127.0.0.1:PORT
'use strict';
const assert = require('node:assert/strict');
const OpenAI = require('openai');

async function main() {
  const base = process.argv[2];
  if (!base) throw new Error('usage: node check.js BASE_URL');
  const client = new OpenAI({ apiKey: 'not-needed', baseURL: base + '/v1', maxRetries: 0 });

  const list = await client.embeddings.create({ model: 'use-lite-en@0.2.0', input: ['Sea levels rise.', 'Glaciers retreat.'] });
  assert.equal(list.object, 'list');
  assert.equal(list.model, 'use-lite-en@0.2.0');
  assert.equal(list.data.length, 2);
  assert.equal(list.data[1].index, 1);
  assert.equal(list.data[0].embedding.length, 512);
  assert.ok(list.usage.prompt_tokens > 0 && list.usage.total_tokens === list.usage.prompt_tokens);
  const norm = Math.hypot(...list.data[0].embedding);
  assert.ok(Math.abs(norm - 1) < 1e-5, `unit vector, got norm ${norm}`);

  // The client's default for numbers is base64 when asked; it must decode to the same floats.
  const b64 = await client.embeddings.create({ model: 'use-lite-en@0.2.0', input: 'Sea levels rise.', encoding_format: 'base64' });
  const raw = Buffer.from(b64.data[0].embedding, 'base64');
  const floats = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  assert.equal(floats.length, 512);
  assert.equal(floats[3], Math.fround(list.data[0].embedding[3]));

  await assert.rejects(client.embeddings.create({ model: 'text-embedding-3-large', input: 'x' }), (e) => e.status === 404);
  console.log('openai client: embeddings (float, base64) and unknown-model 404 ok');
}

main().catch((e) => { console.error(e); process.exit(1); });
