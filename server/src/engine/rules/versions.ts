// Rules about the contract's own identity: apiVersion support, semantic `version`, known `status` values.
import { valid as validSemver, coerce } from 'semver';
import { closestMatch, didYouMean } from '../didYouMean';
import { SUPPORTED_API_VERSIONS } from '../metaSchema';
import { replaceFix } from '../types';
import { Rule } from './context';

export const KNOWN_STATUSES = ['proposed', 'draft', 'active', 'deprecated', 'retired'];

export const apiVersionRule: Rule = (ctx) => {
  const apiVersion = ctx.value.apiVersion;
  if (apiVersion === undefined || (typeof apiVersion === 'string' && apiVersion in SUPPORTED_API_VERSIONS)) return;
  const supported = Object.keys(SUPPORTED_API_VERSIONS);
  const got = typeof apiVersion === 'string' ? `\`${apiVersion}\`` : 'a non-string value';
  // suggest the supported release of the same MAJOR.MINOR (v3.1.1 → v3.1.0), never a different line
  const sameLine = typeof apiVersion === 'string' ? supported.filter((v) => v.slice(0, 4) === apiVersion.slice(0, 4)) : [];
  const suggestion = sameLine[sameLine.length - 1];
  const hint = suggestion ? ` (did you mean \`${suggestion}\`?)` : '';
  const span = ctx.spanOf(['apiVersion']);
  ctx.report(
    'unsupported-api-version',
    'error',
    `Unsupported apiVersion ${got}${hint}: streamcontract understands ${supported.join(', ')}. The contract was checked as ${supported[supported.length - 1]}.`,
    span,
    suggestion ? replaceFix(span, suggestion) : undefined,
  );
  ctx.suppress('/apiVersion');
};

export const semverRule: Rule = (ctx) => {
  const version = ctx.value.version;
  if (version === undefined || version === null) return;
  if (typeof version === 'string' && validSemver(version) === version) return;
  const span = ctx.spanOf(['version']);
  // show what the author wrote: YAML reads `1.0` as the number 1
  const text = typeof version === 'string' ? version : ctx.text.slice(span.start, span.end);
  const suggestion = coerce(text)?.version;
  const why = typeof version === 'string' ? '' : ' (YAML read it as a number: quote it)';
  const fix = suggestion ? `, e.g. \`${suggestion}\`` : '';
  ctx.report('version-not-semver', 'error', `\`version\` must be a semantic version MAJOR.MINOR.PATCH${fix}: got \`${text}\`${why}.`, span, suggestion ? replaceFix(span, suggestion) : undefined);
  ctx.suppress('/version');
};

export const statusRule: Rule = (ctx) => {
  const status = ctx.value.status;
  if (typeof status !== 'string' || KNOWN_STATUSES.includes(status)) return;
  const span = ctx.spanOf(['status']);
  const match = closestMatch(status, KNOWN_STATUSES);
  ctx.report(
    'unknown-status',
    'hint',
    `\`status\` \`${status}\` is not one of the usual values ${KNOWN_STATUSES.join(', ')}${didYouMean(status, KNOWN_STATUSES)}.`,
    span,
    match ? replaceFix(span, match) : undefined,
  );
};
