// The project's ODCS meta-schemas: chosen by apiVersion, precompiled at build time (else compiled lazily with ajv), navigable by JSON pointer.
import Ajv2019, { AnySchema, Options, ValidateFunction } from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import schemaV30 from '../../../schemas/odcs-v3.0.json';
import schemaV31 from '../../../schemas/odcs-v3.1.json';
import schemaV32 from '../../../schemas/odcs-v3.2.json';

export type SchemaFamily = 'v3.0' | 'v3.1' | 'v3.2';
export type JsonSchema = Record<string, unknown>;

/** apiVersion values this release understands, and the meta-schema each one is checked against. */
export const SUPPORTED_API_VERSIONS: Readonly<Record<string, SchemaFamily>> = {
  'v3.0.0': 'v3.0',
  'v3.0.1': 'v3.0',
  'v3.0.2': 'v3.0',
  'v3.1.0': 'v3.1',
  'v3.2.0': 'v3.2',
};
export const LATEST_FAMILY: SchemaFamily = 'v3.2';

const SOURCES: Record<SchemaFamily, JsonSchema> = {
  'v3.0': schemaV30 as JsonSchema,
  'v3.1': schemaV31 as JsonSchema,
  'v3.2': schemaV32 as JsonSchema,
};

export function familyFor(apiVersion: unknown): SchemaFamily | undefined {
  return typeof apiVersion === 'string' ? SUPPORTED_API_VERSIONS[apiVersion] : undefined;
}

/**
 * One meta-schema version. Besides whole-document validation it exposes validators for the parts of a
 * contract that are checked separately (the document without its streams, a stream without its
 * properties, one property), so that an edit only re-validates the part it touched.
 */
export class MetaSchema {
  readonly id: string;
  private compiler: Ajv2019 | undefined;
  private readonly validators = new Map<string, ValidateFunction | null>();
  readonly shallowId: string;
  /** The shallow document schema (the root without stream and property items), when the schema can be split. */
  private readonly shallow: JsonSchema | undefined;
  /** JSON pointers of the stream and property schemas; undefined when the schema's shape does not allow splitting. */
  readonly streamPointer: string | undefined;
  readonly propertyPointer: string | undefined;

  constructor(
    readonly family: SchemaFamily,
    readonly root: JsonSchema,
    /** Validators generated from this schema at build time, by key (see `validatorKeys`). */
    private readonly precompiled: Readonly<Record<string, ValidateFunction>> = {},
  ) {
    this.id = String(root.$id);
    this.shallowId = `${this.id}:shallow`;
    const split = this.splitPoints();
    this.streamPointer = split?.stream;
    this.propertyPointer = split?.property;
    this.shallow = split?.shallow;
  }

  /** The ajv instance that compiles what was not precompiled (created on first need: compiling takes most of a second). */
  ajv(options: Options = {}): Ajv2019 {
    if (this.compiler && Object.keys(options).length === 0) return this.compiler;
    const ajv = new Ajv2019({ ...AJV_OPTIONS, ...options });
    addFormats(ajv);
    ajv.addSchema(this.root as AnySchema);
    if (this.shallow) ajv.addSchema(this.shallow as AnySchema, this.shallowId);
    if (Object.keys(options).length === 0) this.compiler = ajv;
    return ajv;
  }

  /**
   * The keys of every validator the engine may ask for: the document, its split parts, and each branch of a
   * `oneOf`/`anyOf` and each `if` (error collapsing and navigation validate against those).
   */
  validatorKeys(): string[] {
    const keys = [this.id];
    if (this.streamPointer && this.propertyPointer) keys.push(this.shallowId, `${this.shallowId}${this.streamPointer}`, `${this.id}${this.propertyPointer}`);
    const walk = (node: unknown, pointer: string) => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${pointer}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) value.forEach((_, i) => keys.push(`${this.id}${at}/${i}`));
        if (key === 'if') keys.push(`${this.id}${at}`);
        walk(value, at);
      }
    };
    walk(this.root, '#');
    return [...new Set(keys)];
  }

  /** Validator for the whole document. */
  get validateDocument(): ValidateFunction {
    return this.validatorFor(this.id)!;
  }

  /** Validators for the split parts, or undefined when the schema cannot be split. */
  get parts(): { document: ValidateFunction; stream: ValidateFunction; property: ValidateFunction } | undefined {
    if (!this.streamPointer || !this.propertyPointer) return undefined;
    const document = this.validatorFor(this.shallowId);
    // the pointers are `#/...` fragments already
    const stream = this.validatorFor(`${this.shallowId}${this.streamPointer}`);
    const property = this.validatorFor(`${this.id}${this.propertyPointer}`);
    return document && stream && property ? { document, stream, property } : undefined;
  }

  /** Validator for the subschema at a pointer of the root schema (e.g. `#/$defs/Server/oneOf/1`). */
  validatorAt(pointer: string): ValidateFunction | undefined {
    return this.validatorFor(`${this.id}${pointer.startsWith('#') ? pointer : `#${pointer}`}`) ?? undefined;
  }

  /** The subschema object at a JSON pointer (`#/...` or `/...`) of the root schema. */
  resolve(pointer: string): JsonSchema | undefined {
    let node: unknown = this.root;
    for (const seg of pointer.replace(/^#/, '').split('/').slice(1)) {
      const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return typeof node === 'object' && node !== null ? (node as JsonSchema) : undefined;
  }

  private validatorFor(key: string): ValidateFunction | null {
    let validator = this.validators.get(key);
    if (validator === undefined) {
      validator = this.precompiled[key] ?? null;
      if (!validator) {
        try {
          validator = this.ajv().getSchema(key) ?? null;
        } catch {
          validator = null;
        }
      }
      this.validators.set(key, validator);
    }
    return validator;
  }

  /** Finds `schema[]` items and their `properties[]` items, and builds the document schema without them. */
  private splitPoints(): { stream: string; property: string; shallow: JsonSchema } | undefined {
    const streamItems = this.itemsPointer('#', 'schema');
    if (!streamItems) return undefined;
    const stream = this.followRef(streamItems);
    const propertyItems = stream && this.itemsPointer(stream, 'properties');
    if (!stream || !propertyItems) return undefined;
    const property = this.followRef(propertyItems);
    if (!property) return undefined;
    const shallow = structuredClone(this.root);
    delete shallow.$id;
    setAt(shallow, `${streamItems}`, true);
    setAt(shallow, `${propertyItems}`, true);
    return { stream, property, shallow };
  }

  /** Pointer of `items` of the array-valued key `key` directly under the object schema at `pointer` (through allOf). */
  private itemsPointer(pointer: string, key: string): string | undefined {
    const schema = this.resolve(pointer);
    if (!schema) return undefined;
    const props = schema.properties as Record<string, JsonSchema> | undefined;
    if (props?.[key]) {
      const target = this.followRef(`${pointer}/properties/${key}`);
      if (target && this.resolve(target)?.items) return `${target}/items`;
    }
    const allOf = schema.allOf as unknown[] | undefined;
    for (let i = 0; Array.isArray(allOf) && i < allOf.length; i++) {
      const found = this.itemsPointer(this.followRef(`${pointer}/allOf/${i}`) ?? '', key);
      if (found) return found;
    }
    return undefined;
  }

  /** Follows `$ref`s that are the whole of a schema, returning the pointer of the target. */
  private followRef(pointer: string): string | undefined {
    let current = pointer;
    for (let hops = 0; hops < 10; hops++) {
      const schema = this.resolve(current);
      if (!schema) return undefined;
      const ref = schema.$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#') || Object.keys(schema).some((k) => k !== '$ref' && k !== 'description')) return current;
      current = ref;
    }
    return undefined;
  }
}

function setAt(root: JsonSchema, pointer: string, value: unknown): void {
  const segs = pointer.replace(/^#/, '').split('/').slice(1);
  let node = root as Record<string, unknown>;
  for (const seg of segs.slice(0, -1)) node = node[seg] as Record<string, unknown>;
  node[segs[segs.length - 1]] = value;
}

/** How every validator is compiled, at build time and at run time alike. */
export const AJV_OPTIONS: Options = { strict: false, allErrors: true, verbose: true, allowUnionTypes: true };

/** Validators generated at build time (scripts/compile-validators.ts), by family and key. */
export type PrecompiledValidators = Partial<Record<SchemaFamily, Readonly<Record<string, ValidateFunction>>>>;

const loaded = new Map<SchemaFamily, MetaSchema>();
let loadPrecompiled: (() => PrecompiledValidators | undefined) | undefined;
let precompiled: PrecompiledValidators | undefined;

/** How a bundle loads its precompiled validators (they live in a file of their own, read on first validation). */
export function providePrecompiledValidators(load: () => PrecompiledValidators | undefined): void {
  loadPrecompiled = load;
  precompiled = undefined;
  loaded.clear();
}

/** The meta-schema of a family, shared by every document; validators precompiled, else compiled on first use. */
export function metaSchema(family: SchemaFamily): MetaSchema {
  let schema = loaded.get(family);
  if (!schema) {
    if (!precompiled && loadPrecompiled) {
      try {
        precompiled = loadPrecompiled() ?? {};
      } catch {
        precompiled = {}; // compiled with ajv instead: slower to start, the same verdicts
      }
    }
    schema = new MetaSchema(family, SOURCES[family], precompiled?.[family]);
    loaded.set(family, schema);
  }
  return schema;
}

/** The meta-schema of every family, for the build step that precompiles them. */
export function allMetaSchemas(): MetaSchema[] {
  return (Object.keys(SOURCES) as SchemaFamily[]).map((family) => new MetaSchema(family, SOURCES[family]));
}
