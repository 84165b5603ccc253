;; Blosc byte unshuffle with WebAssembly SIMD (128-bit), for 2-, 4- and 8-byte elements.
;; Source of unshuffle-simd-wasm.ts, which holds this module compiled with
;;   wat2wasm src/zarr/codecs/native/unshuffle-simd.wat --output=- | base64 -w0
;;
;; Each function reads the `typesize` planes of a shuffled block from memory at $src (plane k =
;; [src + k*n, src + (k+1)*n), byte k of each of n elements), writes whole elements from $dst on,
;; 16 elements per step, and returns how many elements it wrote (n rounded down to 16); the
;; caller finishes the rest. Interleaving byte planes is done by lane shuffles: bytes of two
;; planes (il8), then pairs (il16), then quads (il32).
(module
  (memory (export "memory") 1)

  (func (export "unshuffle2") (param $src i32) (param $dst i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $p1 i32) (local $a v128) (local $b v128)
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (local.set $p1 (i32.add (local.get $src) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $a (v128.load (i32.add (local.get $src) (local.get $i))))
        (local.set $b (v128.load (i32.add (local.get $p1) (local.get $i))))
        (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $a) (local.get $b)))
        (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $a) (local.get $b)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $end))

  (func (export "unshuffle4") (param $src i32) (param $dst i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $ab v128) (local $cd v128)
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (local.set $p1 (i32.add (local.get $src) (local.get $n)))
    (local.set $p2 (i32.add (local.get $p1) (local.get $n)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $a (v128.load (i32.add (local.get $src) (local.get $i))))
        (local.set $b (v128.load (i32.add (local.get $p1) (local.get $i))))
        (local.set $c (v128.load (i32.add (local.get $p2) (local.get $i))))
        (local.set $d (v128.load (i32.add (local.get $p3) (local.get $i))))
        ;; elements 0-7: il8 of the low halves, then il16
        (local.set $ab (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $a) (local.get $b)))
        (local.set $cd (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $c) (local.get $d)))
        (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $ab) (local.get $cd)))
        (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $ab) (local.get $cd)))
        ;; elements 8-15: the same from the high halves
        (local.set $ab (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $a) (local.get $b)))
        (local.set $cd (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $c) (local.get $d)))
        (v128.store offset=32 (local.get $dst) (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $ab) (local.get $cd)))
        (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $ab) (local.get $cd)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $end))

  ;; Four il16 + il32 steps for one half (8 elements) of the 16, given the il8 results of planes
  ;; 0-1 ($ab), 2-3 ($cd), 4-5 ($ef), 6-7 ($gh); writes 64 bytes at $dst.
  (func $quad8 (param $dst i32) (param $ab v128) (param $cd v128) (param $ef v128) (param $gh v128)
    (local $abcd v128) (local $efgh v128)
    ;; elements 0-3 of this half
    (local.set $abcd (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $ab) (local.get $cd)))
    (local.set $efgh (i8x16.shuffle 0 1 16 17 2 3 18 19 4 5 20 21 6 7 22 23 (local.get $ef) (local.get $gh)))
    (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $abcd) (local.get $efgh)))
    (v128.store offset=16 (local.get $dst) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $abcd) (local.get $efgh)))
    ;; elements 4-7 of this half
    (local.set $abcd (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $ab) (local.get $cd)))
    (local.set $efgh (i8x16.shuffle 8 9 24 25 10 11 26 27 12 13 28 29 14 15 30 31 (local.get $ef) (local.get $gh)))
    (v128.store offset=32 (local.get $dst) (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $abcd) (local.get $efgh)))
    (v128.store offset=48 (local.get $dst) (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $abcd) (local.get $efgh))))

  (func (export "unshuffle8") (param $src i32) (param $dst i32) (param $n i32) (result i32)
    (local $i i32) (local $end i32) (local $p i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $e v128) (local $f v128) (local $g v128) (local $h v128)
    (local.set $end (i32.and (local.get $n) (i32.const -16)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $a (v128.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $b (v128.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $c (v128.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $d (v128.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $e (v128.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $f (v128.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $g (v128.load (local.get $p)))
        (local.set $p (i32.add (local.get $p) (local.get $n)))
        (local.set $h (v128.load (local.get $p)))
        ;; elements 0-7 from the low halves, 8-15 from the high halves
        (call $quad8 (local.get $dst)
          (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $a) (local.get $b))
          (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $c) (local.get $d))
          (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $e) (local.get $f))
          (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get $g) (local.get $h)))
        (call $quad8 (i32.add (local.get $dst) (i32.const 64))
          (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $a) (local.get $b))
          (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $c) (local.get $d))
          (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $e) (local.get $f))
          (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 (local.get $g) (local.get $h)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next)))
    (local.get $end))
)
