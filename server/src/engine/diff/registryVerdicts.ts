// How a change is judged where versions go to a Schema Registry: the directions its JSON Schema check gives, per content model.
import { ContentModel, contentModelFor } from './contentModel';
import { CHANGE_RULES, ChangeRule } from './catalog';
import { Change, Mode, RegistryKind } from './types';

/**
 * The change as the configured registry judges it. The folder registry judges by ODCS semantics, as `diffContracts`
 * reports. A Confluent Schema Registry also checks each stream's JSON Schema, registered with the content model of the
 * contract's mode (`contentModelFor`): where the catalogue says that model judges a rule otherwise (`schemaRegistry`),
 * the change carries those directions and says that they are the Schema Registry's rule, so that the editor never
 * promises what publishing will be refused for.
 */
export function judgedBy(change: Change, kind: RegistryKind, mode: Mode): Change {
  if (kind !== 'confluent') return change;
  const byModel = (CHANGE_RULES as Record<string, ChangeRule | undefined>)[change.rule]?.schemaRegistry;
  if (!byModel) return change;
  const model = contentModelFor(mode);
  const breaks = [...byModel[model]];
  if (breaks.length === change.breaks.length && breaks.every((d) => change.breaks.includes(d))) return change;
  const added = change.rule.startsWith('property-added');
  const hint = mode.startsWith('FULL')
    ? 'Under FULL compatibility the Schema Registry refuses every added or removed property: bump the major version, or agree with consumers on FORWARD or BACKWARD compatibility.'
    : added
      ? change.hint
      : 'Keep publishing it (describe it as deprecated), or bump the major version.';
  return {
    ...change,
    breaks,
    message: `${change.message} ${modelNote(model, mode, added, breaks)}`,
    ...(hint ? { hint } : {}),
    data: { ...change.data, registry: { kind, contentModel: model } },
  };
}

/** "By the Schema Registry's rule, a property added to an open content model breaks BACKWARD: under FULL ..." */
function modelNote(model: ContentModel, mode: Mode, added: boolean, breaks: string[]): string {
  const verdict = breaks.length ? `breaks ${breaks.join(' and ')}` : 'breaks nothing';
  return `By the Schema Registry's rule, a property ${added ? 'added to' : 'removed from'} ${model === 'open' ? 'an open' : 'a closed'} content model ${verdict}: under ${mode} the stream's JSON Schema is registered with \`additionalProperties: ${model === 'open'}\`.`;
}
