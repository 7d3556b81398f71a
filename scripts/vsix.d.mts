// Types of scripts/vsix.mjs for the TypeScript host tests (the script stays plain JavaScript, run
// by `npm run package` and the demo without a compiler).

/** dist/openocd-debug.vsix, what `npm run package` writes. */
export declare const defaultVsixPath: string;

/** Packs the built extension into `outfile` with vsce (offline) and returns its path. */
export declare function packVsix(outfile?: string): string;
