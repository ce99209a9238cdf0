(module
  (type (;0;) (func (param i32 i32 f32 i32 i32 f64 f32 i64 f32 f64 f64 i32 i32 i64 i64 i64 i64 i64 f32 i32 f64 f32 f32 f32 i32 f32 f64 f32 i64 f32) (result i64 f32 f32 i64 i32 f64 i32 f64)))
  (type (;1;) (func (result i32 f64 i32)))
  (type (;2;) (func (param f64 f64 i64 f32 f64 i32 i64 i32 i64 f64 f32 f64 f32 i64 i32 i32 i32) (result funcref f32 f64 f32 f32 f64 i32 f64 f32 i64 i32 i32 i64 f32 f32 f64 f64 f64)))
  (type (;3;) (func (param f32 f64) (result f32)))
  (type (;4;) (func (param i64) (result f64)))
  (type (;5;) (func (param f64 i32)))
  (type (;6;) (func (param i32)))
  (type (;7;) (func (param f32) (result i64)))
  (type (;8;) (func (param f64 i32) (result i32)))
  (type (;9;) (func (param i32 i32)))
  (func (;0;) (type 0) (param i32 i32 f32 i32 i32 f64 f32 i64 f32 f64 f64 i32 i32 i64 i64 i64 i64 i64 f32 i32 f64 f32 f32 f32 i32 f32 f64 f32 i64 f32) (result i64 f32 f32 i64 i32 f64 i32 f64)
    (local externref i64 i64 f32 i32 i32 f64 i32)
    global.get 0
    i32.eqz
    if  ;; label = @1
      i32.const 1
      global.set 2
      unreachable
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
    i64.const 0
    f32.const 0x0p+0 (;=0;)
    f32.const 0x0p+0 (;=0;)
    f32.const 0x0p+0 (;=0;)
    f64.const 0x0p+0 (;=0;)
    i32.const 1
    local.set 35
    block (param f32 f64) (result f32)  ;; label = @1
      global.get 0
      i32.eqz
      if  ;; label = @2
        i32.const 1
        global.set 2
        unreachable
      end
      global.get 0
      i32.const 1
      i32.sub
      global.set 0
      f64.floor
      drop
      drop
      f32.const 0x0p+0 (;=0;)
      f32.const 0x0p+0 (;=0;)
      f32.const 0x0p+0 (;=0;)
      i32.const 2
      global.get 1
      i32.const 1
      i32.add
      global.set 1
      global.get 1
      i32.const 150
      i32.gt_u
      if  ;; label = @2
        i32.const 2
        global.set 2
        unreachable
      end
      call_indirect (type 1)
      global.get 1
      i32.const 1
      i32.sub
      global.set 1
      drop
      drop
      select
      f32.max
      local.tee 33
      i32.reinterpret_f32
      i64.extend_i32_u
      global.get 3
      i64.xor
      i64.const 1
      i64.rotl
      global.set 3
      local.get 33
    end
    f32.abs
    local.tee 33
    i32.reinterpret_f32
    i64.extend_i32_u
    global.get 3
    i64.xor
    i64.const 1
    i64.rotl
    global.set 3
    local.get 33
    i64.trunc_sat_f32_s
    local.tee 32
    global.get 3
    i64.xor
    i64.const 1
    i64.rotl
    global.set 3
    local.get 32
    i32.const 0
    block (result f64)  ;; label = @1
      i32.const 15
      i32.const 1
      i32.and
      if (result f64)  ;; label = @2
        i64.const 0
        f32.const 0x0p+0 (;=0;)
        f32.const 0x0p+0 (;=0;)
        local.get 13
        i32.const 255
        f32.convert_i32_u
        i64.trunc_sat_f32_s
        local.tee 32
        global.get 3
        i64.xor
        i64.const 1
        i64.rotl
        global.set 3
        local.get 32
        i64.rotr
        local.tee 32
        global.get 3
        i64.xor
        i64.const 1
        i64.rotl
        global.set 3
        local.get 32
        i32.const 0
        i32.const 0
        f64.load
        f64.floor
        local.tee 36
        i64.reinterpret_f64
        global.get 3
        i64.xor
        i64.const 1
        i64.rotl
        global.set 3
        local.get 36
        i32.const 0
        f64.const 0x0p+0 (;=0;)
        i32.const 0
        br_if 2 (;@0;)
        drop
        drop
        drop
        drop
        drop
        drop
        drop
        drop
        f64.const 0x0p+0 (;=0;)
      else
        f64.const 0x0p+0 (;=0;)
      end
    end
    i32.const 0
    f64.const 0x0p+0 (;=0;))
  (func (;1;) (type 1) (result i32 f64 i32)
    (local i64 f64 f32 f32 i32 f64 f32 i32)
    global.get 0
    i32.eqz
    if  ;; label = @1
      i32.const 1
      global.set 2
      unreachable
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
    i32.const 0
    f64.const 0x0p+0 (;=0;)
    i32.const 0)
  (func (;2;) (type 2) (param f64 f64 i64 f32 f64 i32 i64 i32 i64 f64 f32 f64 f32 i64 i32 i32 i32) (result funcref f32 f64 f32 f32 f64 i32 f64 f32 i64 i32 i32 i64 f32 f32 f64 f64 f64)
    (local f32 i32 f64 externref f64 i32 i64 i32 f32 i32 i32)
    global.get 0
    i32.eqz
    if  ;; label = @1
      i32.const 1
      global.set 2
      unreachable
    end
    global.get 0
    i32.const 1
    i32.sub
    global.set 0
    ref.null func
    f32.const 0x0p+0 (;=0;)
    f64.const 0x0p+0 (;=0;)
    f32.const 0x0p+0 (;=0;)
    f32.const 0x0p+0 (;=0;)
    f64.const 0x0p+0 (;=0;)
    i32.const 0
    f64.const 0x0p+0 (;=0;)
    f32.const 0x0p+0 (;=0;)
    i64.const 0
    i32.const 0
    i32.const 0
    i64.const 0
    f32.const 0x0p+0 (;=0;)
    f32.const 0x0p+0 (;=0;)
    f64.const 0x0p+0 (;=0;)
    f64.const 0x0p+0 (;=0;)
    f64.const 0x0p+0 (;=0;))
  (table (;0;) 3 5 funcref)
  (table (;1;) 3 7 externref)
  (table (;2;) 3 7 funcref)
  (memory (;0;) 2 5)
  (global (;0;) (mut i32) (i32.const 5000))
  (global (;1;) (mut i32) (i32.const 0))
  (global (;2;) (mut i32) (i32.const 0))
  (global (;3;) (mut i64) (i64.const 0))
  (global (;4;) (mut f64) (f64.const 0x1p-1022 (;=2.22507e-308;)))
  (global (;5;) (mut externref) (ref.null extern))
  (export "f0" (func 0))
  (export "t0" (table 0))
  (export "t1" (table 1))
  (export "t2" (table 2))
  (export "mem" (memory 0))
  (export "__fuel" (global 0))
  (export "__depth" (global 1))
  (export "__flag" (global 2))
  (export "sink" (global 3))
  (export "g4" (global 4))
  (export "g5" (global 5))
  (elem (;0;) (i32.const 2) func 1)
  (elem (;1;) (table 1) (i32.const 0) externref)
  (elem (;2;) func)
  (elem (;3;) func)
  (elem (;4;) externref)
  (elem (;5;) declare func 0 1 2)
  (data (;0;) (i32.const 0) "")
  (data (;1;) (i32.const 59646) ""))
