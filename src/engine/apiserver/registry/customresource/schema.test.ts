import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../../api/discovery';
import { errorString } from '../../validation/field-errors';
import { applySchemaDefaults, pruneUnknownFields, validateAgainstSchema } from './schema';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
        replicas: { type: 'integer', minimum: 1, maximum: 3, default: 1 },
        ratio: { type: 'number', nullable: true },
        port: { 'x-kubernetes-int-or-string': true },
        tags: { type: 'array', maxItems: 2, items: { type: 'string', enum: ['a', 'b'] } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        nested: { type: 'object', properties: { on: { type: 'boolean', default: true } }, default: {} },
      },
    },
  },
};
const messages = (v: unknown) => validateAgainstSchema(v, schema).map(errorString);

describe('custom resource schema', () => {
  it('fills defaults, including inside a defaulted object', () => {
    const obj = { spec: { name: 'ab' } } as Record<string, unknown>;
    applySchemaDefaults(obj, schema);
    expect(obj).toEqual({ spec: { name: 'ab', replicas: 1, nested: { on: true } } });
  });

  it('prunes unknown fields but keeps metadata at the root and preserved subtrees', () => {
    const obj = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n' }, extra: 1, spec: { name: 'ab', bogus: true, free: { any: { thing: 1 } }, labels: { k: 'v' } } };
    expect(pruneUnknownFields(obj, schema)).toEqual(['extra', 'spec.bogus']);
    expect(obj).toEqual({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n' }, spec: { name: 'ab', free: { any: { thing: 1 } }, labels: { k: 'v' } } });
  });

  it('reports violations with the API server messages', () => {
    expect(messages({ spec: {} })).toEqual(['spec.name: Required value']);
    expect(messages({ spec: { name: 'abcdef' } })).toEqual(['spec.name: Too long: may not be more than 5 bytes']);
    expect(messages({ spec: { name: 'A' } })).toEqual([
      'spec.name: Invalid value: "A": spec.name in body should be at least 2 chars long',
      'spec.name: Invalid value: "A": spec.name in body should match \'^[a-z]+$\'',
    ]);
    expect(messages({ spec: { name: 'ab', replicas: 'two' } })).toEqual(['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']);
    expect(messages({ spec: { name: 'ab', replicas: 4 } })).toEqual(['spec.replicas: Invalid value: 4: spec.replicas in body should be less than or equal to 3']);
    expect(messages({ spec: { name: 'ab', tags: ['a', 'c', 'b'] } })).toEqual([
      'spec.tags: Too many: 3: must have at most 2 items',
      'spec.tags[1]: Unsupported value: "c": supported values: "a", "b"',
    ]);
    expect(messages({ spec: { name: 'ab', labels: { k: 1 } } })).toEqual(['spec.labels.k: Invalid value: "integer": spec.labels.k in body must be of type string: "integer"']);
    expect(messages({ spec: { name: 'ab', port: true } })).toEqual(['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
  });

  it('accepts int-or-string, nullable and numbers for number', () => {
    expect(messages({ spec: { name: 'ab', port: 'http', ratio: null } })).toEqual([]);
    expect(messages({ spec: { name: 'ab', port: 80, ratio: 1 } })).toEqual([]);
  });
});
