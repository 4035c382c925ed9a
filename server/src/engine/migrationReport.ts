// The migration rules of a contract against its registered major, as Markdown: what `streamcontract: Show Migration Rules` shows.
import { CompatResult, RegistryKind } from './diff';
import { changeInBrief, declaredBreakingChanges, migrationOutlook } from './majorVersions';

export interface MigrationReport {
  title: string;
  markdown: string;
}

/**
 * The UPGRADE and DOWNGRADE rules (JSONata) publishing would register per topic, for any registry kind: across a
 * major bump those of the bump, within a major those a bump to the next major would register. The breaking changes
 * no rule translates are listed after them.
 */
export function migrationReport(contractId: string, version: string | null, result: CompatResult | null, registryKind: RegistryKind): MigrationReport {
  const title = `${contractId}: migration rules`;
  const outlook = result ? migrationOutlook(result) : null;
  if (!result || !outlook) return { title, markdown: `# Migration rules of ${contractId}\n\n${whyNone(result, version)}\n` };
  const from = result.compared[0].version;
  const to = outlook.bumped ? result.currentVersion! : `${outlook.toMajor}.0.0`;
  const lines = [`# Migration rules of ${contractId}: ${from} → ${to}`, ''];
  if (!outlook.bumped) lines.push(`Version ${result.currentVersion} is still in major version ${outlook.fromMajor}: these are the rules a bump to ${to} would register.`, '');
  lines.push(
    registryKind === 'confluent'
      ? `Publishing ${to} registers the rules of each topic with its new schema (subject \`<topic>-value\`): consumers on major version ${outlook.fromMajor} read messages written under ${outlook.toMajor} through the DOWNGRADE rule, consumers on ${outlook.toMajor} read older messages through the UPGRADE rule.`
      : `The registry kind is \`${registryKind}\`, which keeps no migration rules: with \`streamcontract.registry.kind: confluent\`, publishing ${to} registers these with each topic's new schema (subject \`<topic>-value\`).`,
    '',
  );
  const topics = Object.entries(outlook.plan.rulesByTopic);
  if (topics.length === 0) lines.push(`No property was renamed (same stable \`id\`, new payload name) since ${from} on a topic that stays: there is no rule to register.`, '');
  for (const [topic, rules] of topics) {
    lines.push(`## Topic \`${topic}\``, '');
    for (const rule of rules) lines.push(`### \`${rule.name}\` (${rule.mode})`, '', rule.doc, '', '```jsonata', rule.expr, '```', '');
  }
  if (outlook.plan.problems.length) lines.push('## Left out', '', ...outlook.plan.problems.map((p) => `- ${p}`), '');
  const untranslated = declaredBreakingChanges(result).filter((c) => c.rule !== 'property-renamed');
  if (untranslated.length) {
    lines.push('## Not translated by any rule', '', 'Migration rules rename fields only; consumers meet these changes as they are:', '', ...untranslated.map((c) => `- ${changeInBrief(c)}`), '');
  }
  return { title, markdown: `${lines.join('\n').trimEnd()}\n` };
}

function whyNone(result: CompatResult | null, version: string | null): string {
  if (!result) return 'The contract could not be compared with a registry (no `id`, or its registered versions could not be read): there is no registered major to migrate from.';
  switch (result.relation) {
    case 'first':
      return 'Nothing is registered for this contract yet: its first version needs no migration rules.';
    case 'registered':
      return `This text is registered as version ${version ?? result.currentVersion}: there is nothing new to migrate.`;
    default:
      return `Version ${version ?? '(none)'} cannot be placed after the registered versions (it is not a semantic version above them): there is no major to migrate from.`;
  }
}
