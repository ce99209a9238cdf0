;; Accesses at constant addresses around the end of the declared minimum (one page; the maximum is two): the compiled
;; tier leaves out the check of those wholly below it (ConstantAddresses), checks the others. ConstantAddressTests.
(module
  (memory (export "memory") 1 2)
  (func (export "inside") (result i64)
    (i64.store (i32.const 65528) (i64.const 7))
    (i64.add (i64.load (i32.const 65528)) (i64.load offset=65520 (i32.const 8))))
  (func (export "straddling") (result i64)
    (i64.store (i32.const 65000) (i64.const 1))
    (i64.load (i32.const 65529)))
  (func (export "grown") (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 65536) (i32.const 5))
    (i32.load (i32.const 65536)))
)
