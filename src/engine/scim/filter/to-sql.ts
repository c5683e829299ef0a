import { resolveAttributePath, type AttributeRef } from '../attribute-path';
import { ScimError } from '../errors';
import type { AttributeDefinition, ResourceSchemas } from '../schemas/types';
import type { Compare, Filter, Suffix, ValuePath } from './parse';
import { AliasAllocator, type AttributeSqlMap, type ElementAccessor, type SqlFragment, type SqlScalar, utcInstant } from './sql-types';
import { findSubAttribute } from '../schemas/find-sub-attribute';

/**
 * Compiles a parsed SCIM filter (RFC 7644 §3.4.2.2) into an SQL predicate over the
 * resources table. Every value is a bound parameter.
 *
 * NULL handling: a comparison on a missing attribute yields NULL. For AND, OR, EXISTS
 * and WHERE, NULL behaves exactly like false; only NOT tells them apart, so NOT (and
 * `ne`, which is `not eq`) wraps its operand in COALESCE(…, 0). Plain comparisons stay
 * unwrapped so that SQLite can use the index columns (`userName eq "…"` is an index seek).
 */
export function compileFilter(filter: Filter, schemas: ResourceSchemas, map: AttributeSqlMap): SqlFragment {
  return new FilterCompiler(schemas, map).compile(filter, { kind: 'resource' });
}

type Scope = { kind: 'resource' } | { kind: 'element'; parent: AttributeDefinition; element: ElementAccessor };

class FilterCompiler {
  private readonly aliases = new AliasAllocator();

  constructor(
    private readonly schemas: ResourceSchemas,
    private readonly map: AttributeSqlMap,
  ) {}

  compile(filter: Filter, scope: Scope): SqlFragment {
    switch (filter.op) {
      case 'and':
      case 'or': {
        const parts = filter.filters.map((child) => this.compile(child, scope));
        return join(parts, filter.op === 'and' ? ' AND ' : ' OR ');
      }
      case 'not':
        return negate(this.compile(filter.filter, scope));
      case '[]':
        return this.valuePath(filter, scope);
      default:
        return this.attributeExpression(filter, scope);
    }
  }

  /** `emails[type eq "work" and value co "@acme"]`: one element must satisfy the whole inner filter. */
  private valuePath(filter: ValuePath, scope: Scope): SqlFragment {
    if (scope.kind === 'element') throw invalid(`Value filters cannot be nested ("${filter.attrPath}[…]").`);
    const ref = this.resolve(filter.attrPath);
    if (ref.subAttribute || ref.attribute.type !== 'complex' || !ref.attribute.multiValued) {
      throw invalid(`"${filter.attrPath}" is not a multi-valued complex attribute, so it cannot take a [value filter].`);
    }
    const parent = ref.attribute;
    return this.collection(ref).exists((element) => this.compile(filter.valFilter, { kind: 'element', parent, element }));
  }

  private attributeExpression(filter: Compare | Suffix, scope: Scope): SqlFragment {
    if (scope.kind === 'element') {
      const subAttribute = findSubAttribute(scope.parent, filter.attrPath);
      if (!subAttribute) throw invalid(`"${scope.parent.name}" has no sub-attribute "${filter.attrPath}".`);
      return predicate(filter, scope.element(subAttribute), subAttribute);
    }
    const ref = this.resolve(filter.attrPath);
    if (ref.attribute.multiValued) return this.multiValuedExpression(filter, ref);
    const definition = ref.subAttribute ?? ref.attribute;
    if (definition.type === 'complex' && filter.op !== 'pr') {
      throw invalid(`"${filter.attrPath}" is a complex attribute; compare one of its sub-attributes instead.`);
    }
    const scalar = this.map.resolve(ref, this.aliases);
    if (!scalar || scalar.kind !== 'scalar') throw invalid(`"${filter.attrPath}" cannot be used in a filter.`);
    return predicate(filter, scalar, definition);
  }

  /**
   * `emails.value co "x"`, or `emails eq "x"`, which compares each element's `value`. The
   * attribute matches when ANY of its values meets the criterion (RFC 7644 §3.4.2.2), so
   * `emails.type ne "work"` asks for an email that has a type other than work. `eq null`
   * and `ne null` ask about the attribute as a whole: `not pr` and `pr`.
   */
  private multiValuedExpression(filter: Compare | Suffix, ref: AttributeRef): SqlFragment {
    const { attribute, subAttribute } = ref;
    // `emails pr`: the resource has at least one email that is a value (not null, "" or {}).
    if (filter.op === 'pr' && !subAttribute) return this.collection(ref).exists((element) => presence(element(undefined)));
    const target = subAttribute ?? (attribute.type === 'complex' ? findSubAttribute(attribute, 'value') : undefined);
    if (attribute.type === 'complex' && !target) {
      throw invalid(`"${filter.attrPath}" has no "value" to compare; name a sub-attribute (e.g. ${attribute.name}.type).`);
    }
    const definition = target ?? attribute;
    if (filter.op !== 'pr' && filter.compValue === null) {
      const present = this.multiValuedExpression({ op: 'pr', attrPath: filter.attrPath }, ref);
      if (filter.op === 'eq') return negate(present);
      if (filter.op === 'ne') return present;
      throw invalid(`"${filter.op} null" is not a meaningful comparison for "${filter.attrPath}".`);
    }
    if (filter.op === 'ne') {
      // Only a value that is there can differ: an email without a type has no type that is not "work".
      return this.collection(ref).exists((element) => {
        const value = element(target);
        const differs = negate(predicate({ ...filter, op: 'eq' }, value, definition));
        return { sql: `${value.sql} IS NOT NULL AND ${differs.sql}`, params: [...value.params, ...differs.params] };
      });
    }
    return this.collection(ref).exists((element) => predicate(filter, element(target), definition));
  }

  private collection(ref: AttributeRef) {
    const resolved = this.map.resolve({ ...ref, subAttribute: undefined }, this.aliases);
    if (!resolved || resolved.kind !== 'collection') throw invalid(`"${ref.attribute.name}" cannot be used in a filter.`);
    return resolved;
  }

  private resolve(path: string): AttributeRef {
    const ref = resolveAttributePath(path, this.schemas);
    if (!ref) throw invalid(`Unknown attribute "${path}" for resource type ${this.schemas.resourceType.name}.`);
    return ref;
  }
}

function predicate(filter: Compare | Suffix, scalar: SqlScalar, attribute: AttributeDefinition): SqlFragment {
  if (filter.op === 'pr') return presence(scalar);
  const { op, compValue } = filter;
  if (compValue === null) {
    // `attr eq null` reads naturally as "has no value"; other operators with null mean nothing.
    if (op === 'eq') return negate(presence(scalar));
    if (op === 'ne') return presence(scalar);
    throw invalid(`"${op} null" is not a meaningful comparison for "${filter.attrPath}".`);
  }
  if (scalar.notComparable) throw invalid(scalar.notComparable);
  const value = comparisonValue(compValue, attribute, filter.attrPath, op);
  const folds = attribute.type === 'string' || attribute.type === 'reference';
  const fold = folds && !attribute.caseExact;
  const asInstant = attribute.type === 'dateTime' && !scalar.canonicalInstant && !['co', 'sw', 'ew'].includes(op);
  const left = fold && !scalar.folded ? `scim_fold(${scalar.sql})` : asInstant ? utcInstant(scalar.sql) : scalar.sql;
  const right = fold && typeof value === 'string' ? value.toLowerCase() : value;
  const at = (sql: string, ...params: unknown[]): SqlFragment => ({ sql, params: [...scalar.params, ...params] });

  switch (op) {
    case 'eq':
      return at(`${left} = ?`, right);
    case 'ne':
      return negate(at(`${left} = ?`, right));
    case 'gt':
      return at(`${left} > ?`, right);
    case 'ge':
      return at(`${left} >= ?`, right);
    case 'lt':
      return at(`${left} < ?`, right);
    case 'le':
      return at(`${left} <= ?`, right);
    case 'co':
    case 'sw':
    case 'ew': {
      const text = right as string;
      // An empty operand matches every present string, like String.prototype.includes('').
      if (text === '') return at(`typeof(${left}) = 'text'`);
      if (op === 'co') return at(`instr(${left}, ?) > 0`, text);
      // SQLite's substr counts characters (code points); String.length counts UTF-16 units,
      // which is one too many for every character outside the BMP ("🦊").
      const length = [...text].length;
      if (op === 'sw') return at(`substr(${left}, 1, ?) = ?`, length, text);
      return at(`substr(${left}, -?) = ?`, length, text);
    }
  }
}

/** Checks the comparison value against the attribute's type (RFC 7644 §3.4.2.2) and converts it for SQL. */
function comparisonValue(value: string | number | boolean, attribute: AttributeDefinition, path: string, op: string) {
  const mismatch = (expected: string) => invalid(`"${path}" is ${expected}; ${JSON.stringify(value)} cannot be compared with it.`);
  switch (attribute.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch('a boolean');
      if (op !== 'eq' && op !== 'ne') throw invalid(`"${op}" is not defined for the boolean attribute "${path}".`);
      return value ? 1 : 0;
    case 'integer':
    case 'decimal':
      if (typeof value !== 'number') throw mismatch('a number');
      if (['co', 'sw', 'ew'].includes(op)) throw invalid(`"${op}" is not defined for the number attribute "${path}".`);
      return value;
    case 'dateTime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw mismatch('a dateTime');
      if (['co', 'sw', 'ew'].includes(op)) return value;
      return new Date(value).toISOString();
    }
    case 'binary':
      throw invalid(`The binary attribute "${path}" cannot be filtered.`);
    default:
      if (typeof value !== 'string') throw mismatch('a string');
      return value;
  }
}

function presence(scalar: SqlScalar): SqlFragment {
  if (scalar.present) return scalar.present;
  return { sql: `(${scalar.sql} IS NOT NULL AND ${scalar.sql} <> '')`, params: [...scalar.params, ...scalar.params] };
}

function negate(fragment: SqlFragment): SqlFragment {
  return { sql: `NOT COALESCE((${fragment.sql}), 0)`, params: fragment.params };
}

function join(parts: SqlFragment[], separator: string): SqlFragment {
  return {
    sql: parts.map((part) => `(${part.sql})`).join(separator),
    params: parts.flatMap((part) => part.params),
  };
}

const invalid = (detail: string) => ScimError.badRequest('invalidFilter', detail);
