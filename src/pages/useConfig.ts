import {useMemo} from 'react';
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {ConfigError, parseConfig, type KeyringConfig} from '../config';

/** The configuration from the manifest's constants, or the error that says what is missing. Parsed once per view. */
export function useConfig(context: ExtensionContextValue): KeyringConfig | ConfigError {
  const constants = context.environment.constants;
  return useMemo(() => {
    try {
      return parseConfig(constants);
    } catch (err) {
      return err as ConfigError; // parseConfig throws nothing else
    }
  }, [constants]);
}
