// Strings that break naive Tcl quoting, shared by the quoting unit tests and the round trips
// through real OpenOCD.

/** Brackets, $, braces (balanced or not), quotes, backslashes, newlines, semicolons, unicode, empty. */
export const NASTY_STRINGS = [
  '', ' ', 'plain', '[exit]', '$env(HOME)', '${x}', '{', '}', '}{', '{a}b', '{}{', 'a{b', '"', '"quoted"', '\\', 'a\\',
  '\\{', 'a\nb', '\\\n', 'x;y', '; shutdown', 'tab\there', 'cr\rlf', 'é€😀 ünï', '\\u0041', '\x01\x7f', 'nul\0inside', '#comment',
  '*', '{*}x', '-nocomplain', '0x08000000', 'C:\\path with space\\[x].elf', '%s%d', "it's",
];
