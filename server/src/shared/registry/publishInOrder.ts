// Publishing one version to several registries in turn (the Schema Registry first, then the folder), as the CLI and the editor do.
import { PublishOutcome, PublishRequest, Registry } from './types';

export interface PublishStep {
  registry: Registry;
  outcome: PublishOutcome;
}

/**
 * Publishes to each registry in order and stops at the first that refuses or fails, so that a version the
 * Schema Registry refuses gets no folder copy. A registry that holds this very version with this very text
 * already (`exists` with `sameText`) is passed over: an earlier publish stopped after it (the folder write
 * failed), and this one completes it. The outcome is the last registry's that wrote, with a line for each
 * registry passed over; when every registry held the version already, it is the last one's `exists`.
 */
export async function publishInOrder(registries: readonly Registry[], request: PublishRequest, onStep?: (registry: Registry) => void): Promise<{ steps: PublishStep[]; outcome: PublishOutcome }> {
  const steps: PublishStep[] = [];
  for (const registry of registries) {
    onStep?.(registry);
    const outcome = await registry.publish(request);
    steps.push({ registry, outcome });
    if (!outcome.ok && !(outcome.reason === 'exists' && outcome.sameText)) return { steps, outcome };
  }
  const written = steps.filter((s) => s.outcome.ok);
  const last = written[written.length - 1]?.outcome;
  if (!last?.ok) {
    const outcome = steps[steps.length - 1]?.outcome ?? { ok: false, reason: 'error', message: 'There is no registry to publish to.', details: [] };
    return { steps, outcome };
  }
  const held = steps.filter((s) => !s.outcome.ok).map((s) => `${s.registry.description} held version ${request.version} with this text already.`);
  return { steps, outcome: { ...last, details: [...held, ...last.details] } };
}
