; Go references for `graft refs` (see include/graft/symbols.h).
;
; call:   `f()`, `f[T]()`, `f[K, V]()`, `x.M()`, `pkg.F()`, `(f)()`,
;         `go`/`defer` calls, and conversions that look like calls
;         (`T(x)`, `int(x)`, and `G[int](x)`, which the grammar cannot tell
;         from a generic call)
; type:   every type name (type_identifier: parameter, result, field and
;         variable types, embedded fields and interfaces, composite
;         literals `T{...}` and `pkg.T{...}`, generic arguments, type
;         assertions and switches, `new(T)`, conversions `[]T(x)`,
;         constraints)
; import: an import's alias (`import h "net/http"`), and the path of a
;         one-element import (`"fmt"`, `. "strings"`, `f "fmt"`). The last
;         element of a longer path (`http` of "net/http") is part of a
;         string: a query cannot capture it.
; name:   every other identifier (keys of composite literals `{X: 1}`
;         included), `x.f` field uses, the package of a qualified type.
;
; Parameters, receivers, named results and type parameters are
; declarations, not listed (a parameter list holds no expression beside
; them, but for an array length: `[N]int`). Locals (`x := ...`, `var x`,
; `range`) are listed as names. Struct fields and interface methods as
; they are declared are not listed; the package clause is not listed.

; ---- calls

(call_expression
  function: (identifier) @name) @reference.call

(call_expression
  function: (selector_expression
    field: (field_identifier) @name)) @reference.call

(call_expression
  function: (parenthesized_expression [
    (identifier) @name
    (selector_expression field: (field_identifier) @name)
  ])) @reference.call

; `F[int](x)`, `pkg.F[int](x)`: the grammar cannot tell a call with one
; type argument from a conversion to a generic type and parses both as a
; conversion; explicit instantiation is the likelier, so it is a call
(type_conversion_expression
  type: (generic_type
    type: [
      (type_identifier) @name
      (qualified_type name: (type_identifier) @name)
    ])) @reference.call

; ---- types

((type_identifier) @name @reference.type)

; ---- imports

(import_spec
  name: (package_identifier) @name) @reference.import

(import_spec
  path: (interpreted_string_literal
    (interpreted_string_literal_content) @name)) @reference.import

; ---- every other use

((identifier) @name @reference.name
  (#not-has-ancestor? @name
    parameter_declaration variadic_parameter_declaration type_parameter_declaration))

(selector_expression
  field: (field_identifier) @name) @reference.name

(qualified_type
  package: (package_identifier) @name) @reference.name
