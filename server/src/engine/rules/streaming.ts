// Rules for the streaming side of a contract: Kafka servers, the flink*/compatibility customProperties, upsert keys.
import { closestMatch, didYouMean } from '../didYouMean';
import { replaceFix } from '../types';
import { isRecord } from '../locate';
import { pointerOf } from '../validate';
import { customProperties, CustomProperty, Rule, RuleContext } from './context';

export const COMPATIBILITY_MODES = ['FORWARD', 'BACKWARD', 'FULL', 'FORWARD_TRANSITIVE', 'BACKWARD_TRANSITIVE', 'FULL_TRANSITIVE', 'NONE'];
const STREAM_PROPERTIES = ['flinkSource', 'flinkFilter', 'flinkGroupBy', 'flinkSinkOptions'];
const CONTRACT_PROPERTIES = ['compatibility'];

export const kafkaServerHostRule: Rule = (ctx) => {
  const servers = ctx.value.servers;
  if (!Array.isArray(servers)) return;
  servers.forEach((server, i) => {
    if (!isRecord(server) || server.type !== 'kafka') return;
    if (typeof server.host === 'string' && server.host.trim() !== '') return;
    const name = typeof server.server === 'string' ? ` \`${server.server}\`` : '';
    ctx.report('kafka-server-host', 'error', `Kafka server${name} has no \`host\`: set it to the bootstrap servers (e.g. \`broker-1:9092,broker-2:9092\`); the generated sink uses it as \`properties.bootstrap.servers\`.`, ctx.spanOf(['servers', i, 'type']));
    ctx.suppress(pointerOf(['servers', i]), 'required', 'host');
  });
};

export const streamingCustomPropertiesRule: Rule = (ctx) => {
  for (const prop of customProperties(ctx.value, [])) {
    if (STREAM_PROPERTIES.includes(prop.name)) misplaced(ctx, prop, 'applies to one stream: move it to the `customProperties` of a `schema` entry');
    else if (prop.name === 'compatibility') checkCompatibility(ctx, prop);
  }
  for (const { stream, path } of ctx.streams()) {
    for (const prop of customProperties(stream, path)) {
      if (CONTRACT_PROPERTIES.includes(prop.name)) misplaced(ctx, prop, 'applies to the whole contract: move it to the top-level `customProperties`');
      else if (prop.name === 'flinkSource' || prop.name === 'flinkFilter') expectText(ctx, prop, prop.name === 'flinkSource' ? 'a FROM clause, e.g. `customers c LEFT JOIN phones p ON p.customer_id = c.id`' : 'a WHERE condition, e.g. `status <> 3`');
      else if (prop.name === 'flinkGroupBy') checkGroupBy(ctx, prop);
      else if (prop.name === 'flinkSinkOptions') checkSinkOptions(ctx, prop);
    }
  }
};

export const upsertKeyRule: Rule = (ctx) => {
  const hasKafka = Array.isArray(ctx.value.servers) && ctx.value.servers.some((s) => isRecord(s) && s.type === 'kafka');
  for (const { stream, path } of ctx.streams()) {
    const custom = customProperties(stream, path);
    const sinkOptions = custom.find((p) => p.name === 'flinkSinkOptions')?.value;
    const connector = isRecord(sinkOptions) ? sinkOptions.connector : undefined;
    if (connector !== undefined && connector !== 'upsert-kafka') continue;
    const meantForUpsert = hasKafka || custom.some((p) => STREAM_PROPERTIES.includes(p.name));
    if (!meantForUpsert || !Array.isArray(stream.properties)) continue;
    if (stream.properties.some((p) => isRecord(p) && p.primaryKey === true)) continue;
    const name = typeof stream.name === 'string' ? ` \`${stream.name}\`` : '';
    ctx.report('upsert-without-primary-key', 'warning', `Stream${name} is published to an upsert Kafka topic but no property has \`primaryKey: true\`: the key of each message (and its compaction) would be undefined.`, ctx.spanOf([...path, 'name']));
  }
};

function misplaced(ctx: RuleContext, prop: CustomProperty, where: string): void {
  ctx.report('custom-property-placement', 'warning', `\`${prop.name}\` ${where}.`, ctx.spanOf([...prop.path, 'property']));
}

function checkCompatibility(ctx: RuleContext, prop: CustomProperty): void {
  if (typeof prop.value !== 'string') {
    wrongType(ctx, prop, `one of ${COMPATIBILITY_MODES.join(', ')}`);
    return;
  }
  if (COMPATIBILITY_MODES.includes(prop.value)) return;
  const span = ctx.spanOf([...prop.path, 'value']);
  const match = closestMatch(prop.value, COMPATIBILITY_MODES);
  ctx.report('unknown-compatibility-mode', 'error', `Unknown compatibility mode \`${prop.value}\`${didYouMean(prop.value, COMPATIBILITY_MODES)}: use one of ${COMPATIBILITY_MODES.join(', ')}.`, span, match ? replaceFix(span, match) : undefined);
}

function expectText(ctx: RuleContext, prop: CustomProperty, what: string): void {
  if (typeof prop.value !== 'string' || prop.value.trim() === '') wrongType(ctx, prop, what);
}

function checkGroupBy(ctx: RuleContext, prop: CustomProperty): void {
  const ok = (typeof prop.value === 'string' && prop.value.trim() !== '') || (Array.isArray(prop.value) && prop.value.length > 0 && prop.value.every((v) => typeof v === 'string'));
  if (!ok) wrongType(ctx, prop, 'a GROUP BY list: a string such as `c.id, c.name`, or a list of column expressions');
}

function checkSinkOptions(ctx: RuleContext, prop: CustomProperty): void {
  if (!isRecord(prop.value)) {
    wrongType(ctx, prop, "a mapping of Flink connector options, e.g. `sink.parallelism: '2'`");
    return;
  }
  for (const [key, option] of Object.entries(prop.value)) {
    if (['string', 'number', 'boolean'].includes(typeof option)) continue;
    ctx.report('custom-property-type', 'error', `Sink option \`${key}\` must be a single value (text, number or boolean): Flink connector options are strings.`, ctx.spanOf([...prop.path, 'value', key]));
  }
}

function wrongType(ctx: RuleContext, prop: CustomProperty, what: string): void {
  const at = prop.hasValue ? [...prop.path, 'value'] : [...prop.path, 'property'];
  ctx.report('custom-property-type', 'error', `\`${prop.name}\` must be ${what}.`, ctx.spanOf(at));
}
