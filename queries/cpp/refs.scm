; C++ references for `graft refs` (see include/graft/symbols.h).
;
; call:   as C (`f()`, macros, `s->ops->free(p)`, `(*fp)(x)`), and
;         qualified calls `ns::f()`, `A::B::f()` (up to three qualifiers),
;         template calls `f<T>()`, `std::make_unique<T>()`, method calls
;         `obj.m()`, `p->template m<T>()`, constructions `new X(...)`,
;         `new ns::X<T>`, `X(...)`, `X{...}`, `ns::X<T>{...}`
; type:   every type name (type_identifier: declarations, parameters,
;         return and field types, template arguments, base classes,
;         `static_cast<T>` and C casts, `sizeof(T)` where the grammar sees
;         a type, template parameters as declared), and the standard names
;         the grammar takes for primitive types (`size_t`, `int`)
; import: the name a `using` declaration brings in (`using std::string;`,
;         `using namespace std;`: std) and a namespace alias
;         (`namespace fs = std::filesystem;`: fs). `#include` names a
;         path, not a name.
; name:   every other identifier, namespace and class qualifiers
;         (`std::`, `Cart::` of `void Cart::add()`: the grammar calls both
;         namespace_identifier), `s.f` and `p->f` field uses, member
;         initializers `: f_(x)`, designated initializers `.f = 1`.
;
; Parameters (of functions, lambdas, prototypes, catch clauses and
; templates), macro parameters and the class name of a destructor
; (`~Listener`) are declarations, not listed; of an identifier in a
; parameter's type or default value only a bare default (`int n = kMax`,
; `= Mode::fast`) is kept. Locals are listed as names.
; Macro bodies are text to the grammar: nothing in them is listed.

; ---- calls

(call_expression
  function: [
    (identifier) @name
    (template_function name: (identifier) @name)
    (qualified_identifier name: [
      (identifier) @name
      (template_function name: (identifier) @name)
      (qualified_identifier name: [
        (identifier) @name
        (template_function name: (identifier) @name)
        (qualified_identifier name: [
          (identifier) @name
          (template_function name: (identifier) @name)
        ])
      ])
    ])
    (field_expression field: [
      (field_identifier) @name
      (template_method name: (field_identifier) @name)
      (dependent_name (template_method name: (field_identifier) @name))
    ])
    (parenthesized_expression
      (pointer_expression
        argument: [
          (identifier) @name
          (field_expression field: (field_identifier) @name)
        ]))
  ]) @reference.call

[
  (new_expression type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: [
      (type_identifier) @name
      (template_type name: (type_identifier) @name)
      (qualified_identifier name: [
        (type_identifier) @name
        (template_type name: (type_identifier) @name)
      ])
    ])
  ])
  (compound_literal_expression type: [
    (type_identifier) @name
    (template_type name: (type_identifier) @name)
    (qualified_identifier name: [
      (type_identifier) @name
      (template_type name: (type_identifier) @name)
      (qualified_identifier name: [
        (type_identifier) @name
        (template_type name: (type_identifier) @name)
      ])
    ])
  ])
] @reference.call

; ---- types

((type_identifier) @name @reference.type)

; size_t, uint8_t, ... are primitive types to the grammar
((primitive_type) @name @reference.type)

; ---- imports

(using_declaration [
  (identifier) @name
  (qualified_identifier name: (identifier) @name)
  (qualified_identifier name: (qualified_identifier name: (identifier) @name))
  (qualified_identifier
    name: (qualified_identifier name: (qualified_identifier name: (identifier) @name)))
]) @reference.import

(namespace_alias_definition
  name: (namespace_identifier) @name) @reference.import

; ---- every other use

((identifier) @name @reference.name
  (#not-has-ancestor? @name
    parameter_declaration optional_parameter_declaration variadic_parameter_declaration
    preproc_params destructor_name))

(optional_parameter_declaration
  default_value: [
    (identifier) @name
    (qualified_identifier name: (identifier) @name)
  ]) @reference.name

(namespace_identifier) @name @reference.name

(field_expression field: (field_identifier) @name) @reference.name

(field_initializer (field_identifier) @name) @reference.name

(field_designator (field_identifier) @name) @reference.name
