// The Schema Registry client against answers no registry should give: huge or trickling bodies, redirects, HTML pages, echoed secrets, endless version lists.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ConfluentRegistry } from '../../server/src/shared/registry/confluent';
import { FakeSchemaRegistry, Misbehaviour } from './fakeSchemaRegistry';
import { contractText, request } from './support';

const ID = 'customers-public';
const USER = 'sr-api-key';
const PASSWORD = 'S3cr3t-Pa55word-0123456789';

let fake: FakeSchemaRegistry;
beforeEach(async () => {
  fake = new FakeSchemaRegistry();
  await fake.start();
});
afterEach(() => fake.stop());

function registry(extra: Partial<ConstructorParameters<typeof ConfluentRegistry>[0]> = {}): ConfluentRegistry {
  return new ConfluentRegistry({ url: fake.url, auth: { username: USER, password: PASSWORD }, timeoutMs: 5_000, ...extra });
}

/** Every request is answered so. */
function always(answer: Misbehaviour): void {
  fake.overrides.push(() => answer);
}

/** The message of a publish that must fail, and of a listing that must be incomplete, for the same answer. */
async function failures(client = registry()): Promise<{ publish: string; list: string }> {
  const outcome = await client.publish(request(ID, '1.0.0'));
  assert.equal(!outcome.ok && outcome.reason, 'error', JSON.stringify(outcome));
  const listing = await client.list(ID, { topics: ['customers'] });
  assert.equal(listing.incomplete?.reason, 'error', JSON.stringify(listing));
  assert.deepEqual(listing.versions, []);
  return { publish: !outcome.ok ? outcome.message : '', list: listing.incomplete?.message ?? '' };
}

describe('answers are read within limits', () => {
  test('a 200 MB answer is abandoned after 4 MiB with a clear message', { timeout: 60_000 }, async () => {
    always({ mode: 'huge-body', bytes: 200 * 1024 * 1024 });
    const { publish, list } = await failures();
    for (const message of [publish, list]) assert.match(message, /answered HTTP 200 and the answer is larger than 4 MiB, more than a schema registry answers/);
    assert.ok(fake.bytesSent < 64 * 1024 * 1024, `the client stopped reading (the server sent ${fake.bytesSent} bytes)`);
  });

  test('an answer that declares a length beyond the limit is not read at all', async () => {
    always({ mode: 'huge-body', bytes: 64 * 1024, declareLength: true });
    const { publish } = await failures(registry({ maxBodyBytes: 16 * 1024 }));
    assert.match(publish, /the answer is larger than 16 KiB/);
  });

  test('the time limit covers the body: an answer that trickles in is abandoned', { timeout: 30_000 }, async () => {
    always({ mode: 'trickle', status: 200, bytes: 200 * 1024, chunk: 512, everyMs: 20 });
    const { publish, list } = await failures(registry({ timeoutMs: 300 }));
    for (const message of [publish, list]) assert.match(message, /answered HTTP 200 but the answer did not arrive in full within 0\.3 s/);
  });

  test('a large page of `<` is summarised at once (no backtracking over it)', { timeout: 30_000 }, async () => {
    always({ mode: 'html-page', status: 502, bytes: 3 * 1024 * 1024 });
    const { publish } = await failures();
    assert.match(publish, /\(HTTP 502, an answer of type text\/html instead of the registry's JSON: <{10}/);
    assert.ok(publish.length < 1000, publish);
  });
});

describe('answers that are not the registry’s JSON', () => {
  test('a redirect to another host is not followed, and says where it leads', async () => {
    always({ mode: 'redirect', status: 307, location: 'https://user:hunter22@registry.elsewhere.example/subjects' });
    const { publish, list } = await failures();
    for (const message of [publish, list]) {
      assert.match(message, /answered HTTP 307, a redirect to https:\/\/registry\.elsewhere\.example\/subjects\. Redirects are not followed, so that the credentials never go to another address/);
      assert.ok(!message.includes('hunter22'), message);
    }
    assert.ok(fake.requests.every((r) => !r.url.includes('elsewhere')));
  });

  test('a redirect within the same registry is refused too, with the address to configure', async () => {
    fake.overrides.push((r) => (r.url.startsWith('/v1/') ? undefined : { mode: 'redirect', status: 301, location: `/v1${r.url}` }));
    const { publish } = await failures();
    assert.match(publish, new RegExp(`answered HTTP 301, a redirect to ${fake.url.replace(/\./g, '\\.')}/v1/subjects/customers-value/versions\\. .*set the registry URL to the address the registry is served at`));
  });

  test("a proxy's HTML 502 page names the status and the content type, with the page's words", async () => {
    always({ mode: 'html-page', status: 502 });
    const { publish, list } = await failures();
    for (const message of [publish, list]) {
      assert.match(message, /: the registry, or a proxy or gateway in front of it, failed \(HTTP 502, an answer of type text\/html instead of the registry's JSON: 502 Bad Gateway 502 Bad Gateway nginx\)\./);
    }
  });

  test('a 200 HTML page (a login page) is an error, never "nothing registered" or "incompatible"', async () => {
    always({ mode: 'html-page', status: 200, html: '<html><body><h1>Sign in</h1><form>…</form></body></html>' });
    const { publish, list } = await failures();
    for (const message of [publish, list]) assert.match(message, /answered HTTP 200 with an answer of type text\/html instead of the registry's JSON: Sign in …\. Is the URL that of a schema registry's REST API/);
  });

  test('an empty answer to the compatibility check is an error, not a verdict', async () => {
    fake.seed('customers-value', { type: 'object' });
    fake.overrides.push((r) => (r.url.startsWith('/compatibility/') ? { mode: 'empty', status: 200, contentType: 'application/json' } : undefined));
    const outcome = await registry().publish(request(ID, '1.0.0'));
    assert.equal(!outcome.ok && outcome.reason, 'error', JSON.stringify(outcome));
    assert.match(!outcome.ok ? outcome.message : '', /Could not check the compatibility of customers-value: .* answered HTTP 200 with an empty answer of type application\/json instead of the registry's JSON/);
  });

  test('JSON of the wrong shape is an error that says so', async () => {
    fake.overrides.push((r) => (r.method === 'GET' && r.url === '/subjects/customers-value/versions' ? { status: 200, body: { versions: [1, 2] } } : undefined));
    const { list } = await failures();
    assert.match(list, /Could not read the versions of customers-value: .* answered with something other than a list of version numbers/);
    fake.overrides.length = 0;
    fake.seed('customers-value', { type: 'object' });
    fake.overrides.push((r) => (r.url.startsWith('/compatibility/') ? { status: 200, body: { compatible: true } } : undefined));
    const outcome = await registry().publish(request(ID, '1.0.0'));
    assert.match(!outcome.ok ? outcome.message : '', /answered with a verdict without is_compatible/);
  });
});

describe('what is shown of an answer', () => {
  const leaks = (text: string, secret: string) => {
    // no piece of the secret long enough to matter survives, whole or cut
    for (let i = 0; i + 6 <= secret.length; i++) if (text.includes(secret.slice(i, i + 6))) return secret.slice(i, i + 6);
    return undefined;
  };

  for (const offset of [590, 595, 600, 610]) {
    test(`a password echoed across the 600-character cut (at ${offset}) is redacted whole`, async () => {
      always({ mode: 'echo-secret', status: 500, before: 'x'.repeat(offset - PASSWORD.length / 2) });
      const outcome = await registry().publish(request(ID, '1.0.0'));
      const text = JSON.stringify(outcome);
      assert.equal(leaks(text, PASSWORD), undefined, text);
      assert.equal(leaks(text, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')), undefined, text);
      assert.match(text, /x\*\*\*/);
    });
  }

  test('a password with runs of spaces is redacted before whitespace is folded', async () => {
    const password = 'correct  horse\tbattery';
    always({ mode: 'echo-secret', status: 403, before: 'denied: ' });
    const outcome = await registry({ auth: { username: USER, password } }).publish(request(ID, '1.0.0'));
    const text = JSON.stringify(outcome);
    for (const piece of ['correct', 'horse', 'battery']) assert.ok(!text.includes(piece), text);
  });

  test('credentials written into the URL are redacted in the forms the URL spells them', async () => {
    const password = 'p@ss/w:rd%42';
    const url = fake.url.replace('//', `//${USER}:${encodeURIComponent(password)}@`);
    fake.overrides.push(() => ({ status: 500, body: { error_code: 50001, message: `upstream ${url} refused ${USER}:${encodeURIComponent(password)} and ${password}` } }));
    const outcome = await new ConfluentRegistry({ url, timeoutMs: 5_000 }).publish(request(ID, '1.0.0'));
    const text = JSON.stringify(outcome);
    assert.ok(!text.includes(password) && !text.includes(encodeURIComponent(password)), text);
    assert.ok(!text.includes('p%40ss'), text);
  });

  test('a bearer token echoed back is redacted', async () => {
    always({ mode: 'echo-secret', status: 401, before: 'bad token ' });
    const outcome = await registry({ auth: { token: 'tok-abcdef-123456' } }).publish(request(ID, '1.0.0'));
    assert.ok(!JSON.stringify(outcome).includes('tok-abcdef'), JSON.stringify(outcome));
  });

  test('control characters in the registry’s words are escaped: ANSI colours, carriage returns, line separators, bidi controls', async () => {
    const message = 'bad \u001b[31mred\u001b[0m\rover\u2028line\u202egnirts\u2066x\u2069 \u0085end';
    fake.overrides.push(() => ({ status: 500, body: { error_code: 50001, message } }));
    const outcome = await registry().publish(request(ID, '1.0.0'));
    const shown = !outcome.ok ? outcome.message : '';
    assert.match(shown, /bad \\u001B\[31mred\\u001B\[0m\\u000Dover\\u2028line\\u202Egnirts\\u2066x\\u2069 \\u0085end/);
    assert.ok(!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(shown), JSON.stringify(shown));
  });
});

describe('reads are bounded', () => {
  function seedVersions(count: number): void {
    for (let n = 0; n < count; n++) {
      const version = `1.${n}.0`;
      fake.seed('customers-value', { type: 'object' }, { contract_id: ID, contract_version: version, contract_yaml: contractText(ID, version) });
    }
  }
  const versionReads = () => fake.paths().filter((p) => /^GET \/subjects\/customers-value\/versions\/\d+$/.test(p)).length;

  test('a subject with 150 versions: the newest 100 are read, and the listing says it is incomplete', async () => {
    seedVersions(150);
    const listing = await registry().list(ID, { topics: ['customers'] });
    assert.equal(versionReads(), 100);
    assert.equal(listing.versions.length, 100);
    assert.equal(listing.versions[0].version, '1.50.0');
    assert.equal(listing.versions[99].version, '1.149.0');
    assert.equal(listing.incomplete?.reason, 'truncated');
    assert.match(listing.incomplete?.message ?? '', /customers-value has 150 versions; only the newest 100 were read, so older versions of customers-public are not listed/);
  });

  test('a publish reads at most as many versions, and says so', async () => {
    seedVersions(150);
    const outcome = await registry().publish(request(ID, '2.0.0', 'x', { previousVersion: '1.149.0' }));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.equal(versionReads(), 100);
    assert.ok(outcome.ok && outcome.details.some((d) => /customers-value has 150 versions; only the newest 100 were read/.test(d)), JSON.stringify(outcome));
  });

  test('a listing without topics searches a bounded number of subjects', async () => {
    for (let n = 0; n < 5; n++) fake.seed(`topic-${n}-value`, { type: 'object' }, { contract_id: 'another', contract_version: '1.0.0' });
    const listing = await registry({ maxSubjects: 3 }).list(ID);
    assert.equal(fake.paths().filter((p) => p.endsWith('/versions/latest')).length, 3);
    assert.equal(listing.incomplete?.reason, 'truncated');
    assert.match(listing.incomplete?.message ?? '', /holds 5 value subjects; only the first 3 were searched for versions of customers-public/);
  });
});
