; TypeScript and TSX references for `graft refs` (see
; include/graft/symbols.h); one query serves both grammars, so it names no
; node type only one of them has (jsx_*, type_assertion): TSX elements are
; found by their text (a node with a `name:` that starts with `<`), TSX
; attributes and closing tags by #has-ancestor? (its node types are strings
; the query compiler does not check), and a type name inside `<T>x` by the
; type_identifier pattern anyway.
;
; call:   `f()`, `f<T>()`, `a.f()`, `a?.f()`, `this.#f()`, tagged
;         templates, `new F()`, `new ns.F<T>()`, decorators (`@Input`,
;         `@Component({...})`), TSX components (`<Foo />`, `<ui.Foo>`; a
;         lowercase tag such as `<div>` is a name)
; type:   every type name (type_identifier: annotations, parameter, return
;         and field types, generic arguments, `as`/`satisfies`/`<T>x`
;         casts, `implements`, interface `extends`, constraints) and the
;         class a class extends (`extends Base<T>`, `extends ns.Base`), the
;         right side of `instanceof`
; import: the bindings of `import` (default, `{ a as b }`: a and b,
;         `* as ns`, `import type`), `import x = require('...')`,
;         `import x = ns.y`: x,
;         `export { a } from '...'`, and the names bound by `require('x')`
;         (`const x = require('x')` inside functions: a top-level one is a
;         symbol, left out; `const { a } = require('x')`). Module paths are
;         strings, not names: not listed.
; name:   every other identifier, property uses (`a.b`, object keys,
;         destructuring keys, JSX attributes), `{ a }` shorthands.
;
; Declared names that are not symbols (parameters, locals, type parameters
; `<T>`, which are type names) are listed: a query cannot tell them apart
; without losing the uses beside them. A TSX closing tag (`</Foo>`) is not
; a second use of Foo.

; ---- calls

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (member_expression
    property: [(property_identifier) (private_property_identifier)] @name)) @reference.call

(new_expression
  constructor: (identifier) @name) @reference.call

(new_expression
  constructor: (member_expression
    property: (property_identifier) @name)) @reference.call

(decorator (identifier) @name) @reference.call

(decorator
  (member_expression property: (property_identifier) @name)) @reference.call

; TSX: jsx_opening_element and jsx_self_closing_element, not the closing tag
((_ name: (identifier) @name) @reference.call
  (#match? @reference.call "^<\\s*[A-Z]"))

((_ name: (member_expression property: (property_identifier) @name)) @reference.call
  (#match? @reference.call "^<\\s*[^/\\s]"))

; ---- types

((type_identifier) @name @reference.type)

(extends_clause
  value: [
    (identifier) @name
    (member_expression property: (property_identifier) @name)
  ]) @reference.type

(binary_expression
  operator: "instanceof"
  right: [
    (identifier) @name
    (member_expression property: (property_identifier) @name)
  ]) @reference.type

; ---- imports

(import_clause (identifier) @name) @reference.import

(import_specifier name: (identifier) @name) @reference.import

(import_specifier alias: (identifier) @name) @reference.import

(namespace_import (identifier) @name) @reference.import

(import_require_clause (identifier) @name) @reference.import

(import_alias . (identifier) @name) @reference.import

(export_statement
  (export_clause
    (export_specifier [
      name: (identifier) @name
      alias: (identifier) @name
    ]))
  source: (_)) @reference.import

(variable_declarator
  name: [
    (identifier) @name
    (object_pattern [
      (shorthand_property_identifier_pattern) @name
      (pair_pattern key: (property_identifier) @name)
      (pair_pattern value: (identifier) @name)
    ])
  ]
  value: (call_expression
    function: (identifier) @_require
    arguments: (arguments . (string) .)) @reference.import
  (#eq? @_require "require"))

; ---- every other use

((identifier) @name @reference.name
  (#not-has-ancestor? @name jsx_closing_element))

((member_expression
  property: [(property_identifier) (private_property_identifier)] @name) @reference.name
  (#not-has-ancestor? @name jsx_closing_element))

(nested_identifier property: (property_identifier) @name) @reference.name

(pair key: (property_identifier) @name) @reference.name

(pair_pattern key: (property_identifier) @name) @reference.name

; TSX attributes (`<Foo title={t} />`): property names in an opening tag
((property_identifier) @name @reference.name
  (#has-ancestor? @name jsx_opening_element jsx_self_closing_element))

[
  (shorthand_property_identifier)
  (shorthand_property_identifier_pattern)
] @name @reference.name
