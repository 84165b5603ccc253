export declare function checksum(data: ArrayBufferView & { length: number; BYTES_PER_ELEMENT: number }): number;
export declare function readerArgs(argv: string[]): { store: string; workload: "whole" | "windows"; windowsPath: string; count: number };
export declare function selfPeakKb(): number;
