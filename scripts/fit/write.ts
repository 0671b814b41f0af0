/** The one writer of fitted weights into src/config.ts, for the eight (DEFAULT_WEIGHTS) and the nine (DEFAULT_WEIGHTS_WITH_LEARNED). */

/** The weight blocks of src/config.ts. */
export type WeightBlock = 'DEFAULT_WEIGHTS' | 'DEFAULT_WEIGHTS_WITH_LEARNED';

/**
 * `configSource` with the body of `export const <block>: … = Object.freeze({ … });` replaced by one
 * line per signal, `  name: weight,`.
 * @throws Error when the block is not found.
 */
export function withWeights(configSource: string, block: WeightBlock, names: readonly string[], weights: readonly number[]): string {
  const pattern = new RegExp(`(export const ${block}:[^=]*= Object\\.freeze\\(\\{\\n)[^}]*(\\}\\);)`);
  if (!pattern.test(configSource)) throw new Error(`no ${block} block in src/config.ts`);
  const lines = names.map((name, i) => `  ${name}: ${weights[i]},\n`).join('');
  return configSource.replace(pattern, (_, head: string, tail: string) => `${head}${lines}${tail}`);
}
