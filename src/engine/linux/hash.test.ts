import { describe, expect, it } from 'vitest';
import { base32, hex, sha256, sha512, stableHex, stableMac, stableUuid, utf8 } from './hash';

describe('sha256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a'.repeat(1000), '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3'],
  ])('hashes %j as FIPS 180-4 does', (text, digest) => {
    expect(hex(sha256(text))).toBe(digest);
  });

  it('hashes the UTF-8 bytes of non-ASCII text', () => {
    expect(Array.from(utf8('é中😀'))).toEqual([0xc3, 0xa9, 0xe4, 0xb8, 0xad, 0xf0, 0x9f, 0x98, 0x80]);
  });
});

describe('sha512', () => {
  it.each([
    ['', 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'],
    ['abc', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
    ['abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu', '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909'],
    ['a'.repeat(1000), '67ba5535a46e3f86dbfbed8cbbaf0125c76ed549ff8b0b9e03e0c88cf90fa634fa7b12b47d77b694de488ace8d9a65967dc96df599727d3292a8d9d447709c97'],
  ])('hashes %j as FIPS 180-4 does', (text, digest) => {
    expect(hex(sha512(text))).toBe(digest);
  });
});

describe('base32', () => {
  it.each([
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ])('encodes %j as RFC 4648 test vector %j', (text, encoded) => {
    expect(base32(utf8(text))).toBe(encoded);
  });
});

describe('stable names and addresses', () => {
  it('derives the same MAC from the same seed and different MACs from different seeds', () => {
    expect(stableMac('eth0/uid-1')).toBe(stableMac('eth0/uid-1'));
    expect(stableMac('eth0/uid-1')).not.toBe(stableMac('eth0/uid-2'));
  });

  it('makes locally administered unicast MACs', () => {
    for (let i = 0; i < 50; i++) {
      const mac = stableMac(`seed-${i}`);
      expect(mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      const first = parseInt(mac.slice(0, 2), 16);
      expect(first & 0x02).toBe(0x02);
      expect(first & 0x01).toBe(0);
    }
  });

  it('shapes hex names and UUIDs', () => {
    expect(stableHex('x', 8)).toMatch(/^[0-9a-f]{8}$/);
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(stableUuid('x')).toBe(stableUuid('x'));
  });
});
