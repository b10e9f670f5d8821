import { SelfcheckError } from '../../src/errors.ts';

export type GpioErrorCode =
  | 'no_sysfs' // /sys/class/gpio is absent (kernel built without sysfs GPIO): use the cdev backend
  | 'no_chip' // no GPIO chip with the expected label
  | 'bad_line' // line number outside the chip
  | 'busy' // line already in use (by us or another program)
  | 'unavailable' // the backend's module or tools are missing
  | 'io'; // a read/write/spawn failed

export class GpioError extends SelfcheckError {
  override readonly code: GpioErrorCode;
  constructor(code: GpioErrorCode, message: string, info?: Record<string, unknown>, options?: ErrorOptions) {
    super('gpio', code, message, info, options);
    this.name = 'GpioError';
    this.code = code;
  }
}
