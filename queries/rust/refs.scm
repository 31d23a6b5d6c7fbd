; Rust references for `graft refs` (see include/graft/symbols.h).
;
; call:   `f()`, `path::f()`, `Type::f()`, `x.m()`, turbofish `f::<T>()`,
;         macros `m!()` and `path::m!()`, tuple-struct and variant
;         constructors that look like calls (`Some(x)`, `Meters(3.0)`)
; type:   every type name (type_identifier: parameter, return, field, let
;         and const types, generic arguments, bounds and `where` clauses,
;         `impl Trait for`, `dyn`/`impl Trait`, `as` casts, struct
;         literals and patterns `Point { .. }`), a capitalized path segment
;         before `::` (`Vec::new()`, `Kind::A`, `Self::f`) and the traits
;         of `#[derive(...)]`
; import: the last segment of each `use` path (`use a::b::C`, `{C, D}`,
;         `C as E`: C and E, nested lists) and `extern crate x`
; name:   every other identifier (other path segments, macro arguments,
;         shorthand fields), `x.f` field uses, fields named in struct
;         literals and patterns.
;
; Parameters (of functions and closures) are declarations, not listed
; (a parameter holds nothing else but a type and, rarely, a const
; expression such as an array length `[u8; N]`); `let` bindings and match
; bindings are listed as names. Tokens inside a macro invocation are
; names: `println!("{}", f(x))` does not show f as a call. Type parameters
; as declared (`<T: Num>`: T) are type names like their uses.

; ---- calls

(call_expression
  function: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
    (field_expression field: (field_identifier) @name)
    (generic_function function: [
      (identifier) @name
      (scoped_identifier name: (identifier) @name)
      (field_expression field: (field_identifier) @name)
    ])
  ]) @reference.call

(macro_invocation
  macro: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
  ]) @reference.call

; ---- types

((type_identifier) @name @reference.type)

([
  (scoped_identifier path: (identifier) @name)
  (scoped_type_identifier path: (identifier) @name)
] @reference.type
  (#match? @name "^[A-Z]"))

(attribute
  (identifier) @_derive
  arguments: (token_tree (identifier) @name) @reference.type
  (#eq? @_derive "derive"))

; ---- imports

(use_declaration
  argument: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
  ]) @reference.import

(use_list [
  (identifier) @name
  (scoped_identifier name: (identifier) @name)
]) @reference.import

(use_as_clause
  path: [
    (identifier) @name
    (scoped_identifier name: (identifier) @name)
  ]) @reference.import

(use_as_clause alias: (identifier) @name) @reference.import

(extern_crate_declaration name: (identifier) @name) @reference.import

; ---- every other use

((identifier) @name @reference.name
  (#not-has-ancestor? @name parameter closure_parameters))

(field_expression field: (field_identifier) @name) @reference.name

(field_initializer field: (field_identifier) @name) @reference.name

(field_pattern name: [(field_identifier) (shorthand_field_identifier)] @name) @reference.name
