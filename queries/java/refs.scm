; Java references for `graft refs` (see include/graft/symbols.h).
;
; call:   method invocations (`f()`, `a.f()`, `A.<T>f()`, `super.f()`),
;         `new X()`, `new X<>()`, `new a.b.X()`, method references
;         (`Item::name`)
; type:   every type name (type_identifier: field, local, parameter and
;         return types, generic arguments and bounds, `extends`,
;         `implements`, `throws`, catch types, casts, `instanceof`, array
;         creation), annotations (`@Override`, `@Named("x")`), and a
;         CamelCase name before a dot or `::` (`Money.ZERO`,
;         `Objects.equals(...)`, `Item::name`: a class by convention;
;         ALL_CAPS names are constants, names)
; import: the last identifier of an import (`import a.b.C;`,
;         `import static a.b.C.f;`: f, `import a.b.*;`: b)
; name:   every other identifier (`this.x` and `a.x` field uses, other
;         path segments, enum constants, annotation keys).
;
; Parameters (of methods, constructors, catch clauses and lambdas in
; parentheses) and the package declaration are declarations, not listed;
; an identifier in a parameter's annotation arguments (`@Named(KEY)`) goes
; with them. A lambda's lone parameter (`x -> ...`) and locals are listed
; as names. The package segments of a qualified type (`java.io` of
; `java.io.Serializable`) are type names too: the grammar gives them no
; other node type.

; ---- calls

(method_invocation
  name: (identifier) @name) @reference.call

(object_creation_expression
  type: [
    (type_identifier) @name
    (generic_type (type_identifier) @name)
    (scoped_type_identifier (type_identifier) @name .)
    (generic_type (scoped_type_identifier (type_identifier) @name .))
  ]) @reference.call

(method_reference
  (_)
  .
  (identifier) @name .) @reference.call

; ---- types

((type_identifier) @name @reference.type)

[
  (marker_annotation name: (identifier) @name)
  (annotation name: (identifier) @name)
  (marker_annotation name: (scoped_identifier name: (identifier) @name))
  (annotation name: (scoped_identifier name: (identifier) @name))
] @reference.type

([
  (method_invocation object: (identifier) @name)
  (field_access object: (identifier) @name)
  (method_reference . (identifier) @name)
] @reference.type
  (#match? @name "^[A-Z][A-Z0-9_]*[a-z]"))

; ---- imports

(import_declaration
  (scoped_identifier name: (identifier) @name)) @reference.import

; ---- every other use

((identifier) @name @reference.name
  (#not-has-ancestor? @name
    formal_parameter spread_parameter catch_formal_parameter inferred_parameters
    receiver_parameter package_declaration))
