import { ValidateBy, ValidationOptions } from 'class-validator';
import { plainTextProblem } from '../../utils/plain-text';

/**
 * Text as every database stores it exactly: no control characters but tab and line breaks, no lone UTF-16
 * surrogates. The same rule as the service's checks of what code and the CLI pass in.
 */
export function IsPlainText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlainText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || plainTextProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${plainTextProblem(String(args?.value)) ?? 'must be plain text'}`,
      },
    },
    options,
  );
}
