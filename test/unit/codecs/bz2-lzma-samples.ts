/**
 * Chunks written by Python (`bz2`, `lzma` of CPython 3.13, as numcodecs calls them): inputs that
 * need a run of Python to make, kept here so the unit tests run without one.
 */

const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

/** `bz2.compress(bytes(10_000_000), 9)`: 49 bytes that decode to 10 MB of zeros. */
export const BZ2_ZEROS_10M = b64(
  "QlpoOTFBWSZTWdOl3HwATJfAEMAAAAgACCAAMMwFKaaqRFGwFEUeLuSKcKEhp0u4+A==",
);

/** `lzma.compress(bytes(10_000_000))` (xz, CRC64): 1584 bytes that decode to 10 MB of zeros. */
export const XZ_ZEROS_10M = b64(
  "/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj//8RAWxdAABv/f//o7f/Rz5IFXI5YVG4kijmo4YH+e7kHoLTL8U6PAFLsX7JiopN" +
  "L6MN2X+m44wjEVPgWRjFdYrid/i2lH8MasDedElk4ulcU7IE2PdEDKtfDW1G6eXDdoi3llestk3haR1v+0uIEGxCy4g/XACP" +
  "0E6vJiiUcR89jyThcJ6nI1/sKMuF0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6x" +
  "JxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgL" +
  "zf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH" +
  "2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvEgn5lif/xABKwDsc1On/b6ufDEan7eNMW5wnqcjX+woy4XRlZiKfiqR" +
  "8id19xnABphNmP3Yr9WQD8QlU/j1kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0" +
  "zR5bIEL53VM9+ClkCTuAyyps37U78MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xzg4HAZcQlU/j1" +
  "kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zR5bIEL53VM9+ClkCTuAyyps37U7" +
  "8MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xzg4HAZcQlUQ8/sp//EAErAOxzU6f9vq58MRqft40x" +
  "bnCepyNf7CjLhdGVmIp+KpHyJ3X3GcAGmE2Y/div1ZAPxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7p" +
  "dqxZ5OVbBQj5x9qt/PtSK3TNHlsgQvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77" +
  "mjAuVsCPhfODgcBlxCVT+PWRNjEFpbDub8FwTUcM0ZERqq1gHbrOsScYXFmG6WZSWL7pdqxZ5OVbBQj5x9qt/PtSK3TNHlsg" +
  "QvndUz34KWQJO4DLKmzftTvwxL0uX6oPPktmQpATDv8Qk/hxeFn4C83/lShGD6n8fN77mjAuVsCPhfODgcBlxCVRDz+yn/8Q" +
  "ASsA7HNTp/2+rnwxGp+3jTFucJ6nI1/sKMuF0ZWYin4qkfIndfcZwAaYTZj92K/VkA/EJVP49ZE2MQWlsO5vwXBNRwzRkRGq" +
  "rWAdus6xJxhcWYbpZlJYvul2rFnk5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT" +
  "+HF4WfgLzf+VKEYPqfx83vuaMC5WwI+F84OBwGXEJVP49ZE2MQWlsO5vwXBNRwzRkRGqrWAdus6xJxhcWYbpZlJYvul2rFnk" +
  "5VsFCPnH2q38+1IrdM0eWyBC+d1TPfgpZAk7gMsqbN+1O/DEvS5fqg8+S2ZCkBMO/xCT+HF4WfgLzf+VKEYPqfx83vuaMC5W" +
  "wI+F84OBwGXEJVEPP7KYmjoA6ADsc1On/b6ufDEan7eNMW5wnqcjX+woy4XRlZiKfiqR8id19xnABphNmP3Yr9WQD8QlU/j1" +
  "kTYxBaWw7m/BcE1HDNGREaqtYB26zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zR5bIEL53VM9+ClkCTuAyyps37U7" +
  "8MS9Ll+qDz5LZkKQEw7/EJP4cXhZ+AvN/5UoRg+p/Hze+5owLlbAj4Xzg4HAZcQlU/j1kTYxBaWw7m/BcE1HDNGREaqtYB26" +
  "zrEnGFxZhulmUli+6XasWeTlWwUI+cfarfz7Uit0zQrPEUIAAAAAAFPgiffDPIoSAAGJDICt4gSzUcZoscRn+wIAAAAABFla",
);

/** Two xz streams with stream padding between: `'hello xz ' * 1000` (CRC32), then `'second'` (CRC64). */
export const XZ_TWO_STREAMS = b64(
  "/Td6WFoAAAFpIt42AgAhARYAAAB0L+Wj4CMnADNdADQZSe6N6RfQtBrEH/PYRoAPfqKeG8w68K19N1dM7BAz1UkDbOGO8KU4" +
  "SVnXw33XBoYxAAAAhjE0EAABS6hGAAAAxP3iWD4wDYsCAAAAAAFZWgAAAAD9N3pYWgAABObWtEYCACEBFgAAAHQv5aMBAAVz" +
  "ZWNvbmQAAAA46IjFxjC0dAABHgbBL6QdH7bzfQEAAAAABFla",
);

/** Two bzip2 streams back to back: `'first ' * 500` (level 1), then `'second'` (level 9). */
export const BZ2_TWO_STREAMS = b64(
  "QlpoMTFBWSZTWepcXNYAAfORgEAAASAcACAAUGACaqGTaQcpB2kHqQZSDaQfF3JFOFCQ6lxc1kJaaDkxQVkmU1kmigI0AAAC" +
  "gYAOAYgAIAAiGGgwBwKYXckU4UJAmigI0A==",
);

