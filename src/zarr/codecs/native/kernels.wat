;; Blosc decoding kernels in WebAssembly (with SIMD and bulk memory): the LZ4 block decoder and
;; byte unshuffle of 2-, 4- and 8-byte elements. Source of kernels-wasm.ts, which holds this module
;; compiled with
;;   wat2wasm src/zarr/codecs/native/kernels.wat --output=- | base64 -w0
;; All pointers are offsets into the exported memory; wasm-kernels.ts copies data in and out.
;;
;; unshuffleN reads the N planes of a shuffled block at $src (plane k = [src + k*n, src + (k+1)*n),
;; byte k of each of n elements), writes whole elements from $dst on, 16 elements per step, and
;; returns how many elements it wrote (n rounded down to 16); the caller finishes the rest.
;; Interleaving byte planes is done by lane shuffles: bytes of two planes (il8), then pairs
;; (il16), then quads (il32).
(module
  (memory (export "memory") 1)

  ;; Decode the LZ4 block [ip, ipEnd) into [op, opEnd), which it must fill exactly.
  ;; Returns opEnd on success, -1 on malformed input (any read or write would leave its range).
  (func (export "lz4") (param $ip i32) (param $ipEnd i32) (param $op i32) (param $opEnd i32) (result i32)
    (local $opStart i32) (local $token i32) (local $len i32) (local $b i32) (local $off i32) (local $from i32) (local $end i32)
    (local.set $opStart (local.get $op))
    (loop $seq
      (if (i32.ge_u (local.get $ip) (local.get $ipEnd)) (then (return (i32.const -1))))
      (local.set $token (i32.load8_u (local.get $ip)))
      (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
      ;; literal length
      (local.set $len (i32.shr_u (local.get $token) (i32.const 4)))
      (if (i32.eq (local.get $len) (i32.const 15))
        (then
          (loop $more
            (if (i32.ge_u (local.get $ip) (local.get $ipEnd)) (then (return (i32.const -1))))
            (local.set $b (i32.load8_u (local.get $ip)))
            (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
            (local.set $len (i32.add (local.get $len) (local.get $b)))
            ;; no valid length comes near 2^31; stop before the sum could wrap
            (if (i32.gt_u (local.get $len) (i32.const 0x7f000000)) (then (return (i32.const -1))))
            (br_if $more (i32.eq (local.get $b) (i32.const 255))))))
      ;; literals: a 16-byte copy when both sides have room, else an exact checked copy
      (if (i32.and (i32.le_u (local.get $len) (i32.const 16))
            (i32.and (i32.ge_u (i32.sub (local.get $ipEnd) (local.get $ip)) (i32.const 16))
                     (i32.ge_u (i32.sub (local.get $opEnd) (local.get $op)) (i32.const 16))))
        (then (v128.store (local.get $op) (v128.load (local.get $ip))))
        (else
          (if (i32.gt_u (local.get $len) (i32.sub (local.get $ipEnd) (local.get $ip))) (then (return (i32.const -1))))
          (if (i32.gt_u (local.get $len) (i32.sub (local.get $opEnd) (local.get $op))) (then (return (i32.const -1))))
          (memory.copy (local.get $op) (local.get $ip) (local.get $len))))
      (local.set $ip (i32.add (local.get $ip) (local.get $len)))
      (local.set $op (i32.add (local.get $op) (local.get $len)))
      ;; the last sequence has literals only
      (if (i32.eq (local.get $ip) (local.get $ipEnd))
        (then (return (if (result i32) (i32.eq (local.get $op) (local.get $opEnd)) (then (local.get $op)) (else (i32.const -1))))))
      (if (i32.lt_u (i32.sub (local.get $ipEnd) (local.get $ip)) (i32.const 2)) (then (return (i32.const -1))))
      (local.set $off (i32.load16_u (local.get $ip)))
      (local.set $ip (i32.add (local.get $ip) (i32.const 2)))
      (if (i32.or (i32.eqz (local.get $off)) (i32.gt_u (local.get $off) (i32.sub (local.get $op) (local.get $opStart))))
        (then (return (i32.const -1))))
      ;; match length
      (local.set $len (i32.add (i32.and (local.get $token) (i32.const 15)) (i32.const 4)))
      (if (i32.eq (local.get $len) (i32.const 19))
        (then
          (loop $more
            (if (i32.ge_u (local.get $ip) (local.get $ipEnd)) (then (return (i32.const -1))))
            (local.set $b (i32.load8_u (local.get $ip)))
            (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
            (local.set $len (i32.add (local.get $len) (local.get $b)))
            ;; no valid length comes near 2^31; stop before the sum could wrap
            (if (i32.gt_u (local.get $len) (i32.const 0x7f000000)) (then (return (i32.const -1))))
            (br_if $more (i32.eq (local.get $b) (i32.const 255))))))
      (if (i32.gt_u (local.get $len) (i32.sub (local.get $opEnd) (local.get $op))) (then (return (i32.const -1))))
      (local.set $from (i32.sub (local.get $op) (local.get $off)))
      (local.set $end (i32.add (local.get $op) (local.get $len)))
      (if (i32.and (i32.ge_u (local.get $off) (i32.const 16))
            (i32.and (i32.le_u (local.get $len) (i32.const 16))
                     (i32.ge_u (i32.sub (local.get $opEnd) (local.get $op)) (i32.const 16))))
        (then (v128.store (local.get $op) (v128.load (local.get $from))))
        (else
          (if (i32.ge_u (local.get $off) (local.get $len))
            (then (memory.copy (local.get $op) (local.get $from) (local.get $len)))
            (else
              ;; overlapping: 8 bytes at a time when the period allows, then bytes
              (if (i32.ge_u (local.get $off) (i32.const 8))
                (then
                  (block $tail8
                    (loop $copy8
                      (br_if $tail8 (i32.lt_u (i32.sub (local.get $end) (local.get $op)) (i32.const 8)))
                      (i64.store (local.get $op) (i64.load (local.get $from)))
                      (local.set $op (i32.add (local.get $op) (i32.const 8)))
                      (local.set $from (i32.add (local.get $from) (i32.const 8)))
                      (br $copy8)))))
              (block $bytes_done
                (loop $copy1
                  (br_if $bytes_done (i32.ge_u (local.get $op) (local.get $end)))
                  (i32.store8 (local.get $op) (i32.load8_u (local.get $from)))
                  (local.set $op (i32.add (local.get $op) (i32.const 1)))
                  (local.set $from (i32.add (local.get $from) (i32.const 1)))
                  (br $copy1)))))))
      (local.set $op (local.get $end))
      (br $seq))
    (i32.const -1))

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
