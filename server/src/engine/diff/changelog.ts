// Renders the changes between two versions as a Markdown changelog, grouped by what they mean for consumers.
import { valid as validSemver, major as majorOf } from 'semver';
import { mdCode, mdProse, mdText } from '../markdown';
import { isBreaking } from './compat';
import { Change, Mode } from './types';

function line(change: Change): string {
  return `- ${mdProse(change.message)} (${mdCode(change.rule)} at ${mdCode(change.path)})`;
}

/** `heading`: the title to give it (default `<to> (since <from>)`), e.g. naming the contract and its working copy. */
export function renderChangelog(fromVersion: string, toVersion: string, changes: Change[], mode: Mode, heading?: string): string {
  const majorBump = validSemver(fromVersion) && validSemver(toVersion) ? majorOf(toVersion) > majorOf(fromVersion) : false;
  const breaking = changes.filter((c) => c.category === 'compatibility' && isBreaking(c, mode));
  const compatible = changes.filter((c) => c.category === 'compatibility' && !isBreaking(c, mode));
  const sections: [string, Change[]][] = [
    [majorBump ? `Breaking under ${mode} (allowed by the new major version)` : `Breaking under ${mode}`, breaking],
    ['Compatible changes', compatible],
    ['Policy', changes.filter((c) => c.category === 'policy')],
    ['Lifecycle', changes.filter((c) => c.category === 'lifecycle')],
    ['Documentation', changes.filter((c) => c.category === 'documentation')],
  ];
  const out = [heading === undefined ? `## ${mdText(toVersion, 80)} (since ${mdText(fromVersion, 200)})` : `## ${mdText(heading, 300)}`, ''];
  if (!changes.length) out.push('No changes.', '');
  for (const [title, list] of sections) {
    if (!list.length) continue;
    out.push(`### ${title}`, '', ...list.map(line), '');
  }
  return out.join('\n');
}
