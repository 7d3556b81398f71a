// Strings that break naive Tcl quoting, shared by the quoting unit tests and the round trips
// through real OpenOCD.

/**
 * Brackets, $, braces (balanced or not), quotes, backslashes, newlines, semicolons, unicode, empty,
 * and Windows paths (a trailing backslash, UNC, forward slashes, a brace after a backslash).
 */
export const NASTY_STRINGS = [
  '', ' ', 'plain', '[exit]', '$env(HOME)', '${x}', '{', '}', '}{', '{a}b', '{}{', 'a{b', '"', '"quoted"', '\\', 'a\\',
  '\\{', 'a\nb', '\\\n', 'x;y', '; shutdown', 'tab\there', 'cr\rlf', 'é€😀 ünï', '\\u0041', '\x01\x7f', 'nul\0inside', '#comment',
  '*', '{*}x', '-nocomplain', '0x08000000', 'C:\\path with space\\[x].elf', '%s%d', "it's",
  'C:\\Program Files (x86)\\OpenOCD\\share\\openocd\\scripts\\', '\\\\server\\share\\fw {v2}.elf', 'C:/Users/me/fw.elf',
  'D:\\{odd}\\', 'C:\\Users\\Ünï\\$HOME\\fw.elf',
];
