// Names of OpenOCD 0.12's numeric error codes (helper/log.h, target/target.h, flash/common.h,
// flash/nor/core.h, jtag/jtag.h, helper/command.h). A C command that fails without a message makes
// `catch` return one of these negative codes with an empty result. Pure data, no logic beyond lookup.

const NAMES: Readonly<Record<number, string>> = {
  [-2]: 'ERROR_NO_CONFIG_FILE',
  [-3]: 'ERROR_BUF_TOO_SMALL',
  [-4]: 'ERROR_FAIL',
  [-5]: 'ERROR_WAIT',
  [-6]: 'ERROR_TIMEOUT_REACHED',
  [-7]: 'ERROR_NOT_IMPLEMENTED',
  [-100]: 'ERROR_JTAG_INIT_FAILED',
  [-101]: 'ERROR_JTAG_INVALID_INTERFACE',
  [-102]: 'ERROR_JTAG_NOT_IMPLEMENTED',
  [-103]: 'ERROR_JTAG_TRST_ASSERTED',
  [-104]: 'ERROR_JTAG_QUEUE_FAILED',
  [-105]: 'ERROR_JTAG_NOT_STABLE_STATE',
  [-107]: 'ERROR_JTAG_DEVICE_ERROR',
  [-108]: 'ERROR_JTAG_STATE_INVALID',
  [-109]: 'ERROR_JTAG_TRANSITION_INVALID',
  [-110]: 'ERROR_JTAG_INIT_SOFT_FAIL',
  [-300]: 'ERROR_TARGET_INVALID',
  [-301]: 'ERROR_TARGET_INIT_FAILED',
  [-302]: 'ERROR_TARGET_TIMEOUT',
  [-304]: 'ERROR_TARGET_NOT_HALTED',
  [-305]: 'ERROR_TARGET_FAILURE',
  [-306]: 'ERROR_TARGET_UNALIGNED_ACCESS',
  [-307]: 'ERROR_TARGET_DATA_ABORT',
  [-308]: 'ERROR_TARGET_RESOURCE_NOT_AVAILABLE',
  [-309]: 'ERROR_TARGET_TRANSLATION_FAULT',
  [-310]: 'ERROR_TARGET_NOT_RUNNING',
  [-311]: 'ERROR_TARGET_NOT_EXAMINED',
  [-312]: 'ERROR_TARGET_DUPLICATE_BREAKPOINT',
  [-313]: 'ERROR_TARGET_ALGO_EXIT',
  [-400]: 'ERROR_SERVER_REMOTE_CLOSED',
  [-401]: 'ERROR_CONNECTION_REJECTED',
  [-600]: 'ERROR_COMMAND_CLOSE_CONNECTION',
  [-601]: 'ERROR_COMMAND_SYNTAX_ERROR',
  [-602]: 'ERROR_COMMAND_NOTFOUND',
  [-603]: 'ERROR_COMMAND_ARGUMENT_INVALID',
  [-604]: 'ERROR_COMMAND_ARGUMENT_OVERFLOW',
  [-605]: 'ERROR_COMMAND_ARGUMENT_UNDERFLOW',
  [-900]: 'ERROR_FLASH_BANK_INVALID',
  [-901]: 'ERROR_FLASH_SECTOR_INVALID',
  [-902]: 'ERROR_FLASH_OPERATION_FAILED',
  [-903]: 'ERROR_FLASH_DST_OUT_OF_BANK',
  [-904]: 'ERROR_FLASH_DST_BREAKS_ALIGNMENT',
  [-905]: 'ERROR_FLASH_BUSY',
  [-906]: 'ERROR_FLASH_SECTOR_NOT_ERASED',
  [-907]: 'ERROR_FLASH_BANK_NOT_PROBED',
  [-908]: 'ERROR_FLASH_OPER_UNSUPPORTED',
  [-909]: 'ERROR_FLASH_PROTECTED',
};

/** ERROR_TARGET_NOT_HALTED and so on for OpenOCD's negative codes; undefined for Tcl codes and unknown ones. */
export function openocdErrorName(code: number): string | undefined {
  return NAMES[code];
}

/** "OpenOCD error -304 (ERROR_TARGET_NOT_HALTED)". */
export function describeOpenocdError(code: number): string {
  const name = openocdErrorName(code);
  return name ? `OpenOCD error ${code} (${name})` : `OpenOCD error ${code}`;
}
