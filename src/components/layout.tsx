import type {ReactNode} from 'react';
import {Box, Inline} from '../sdk/components';

type Gap = 'xxsmall' | 'xsmall' | 'small' | 'medium' | 'large';

/** A vertical stack: the layout every section uses. */
export function Stack({gap, children}: {gap: Gap; children: ReactNode}) {
  return <Box css={{stack: 'y', gap}}>{children}</Box>;
}

/** A horizontal row, optionally centred vertically (a badge beside a heading, a spinner beside words). */
export function Row({gap, center, children}: {gap: Gap; center?: boolean; children: ReactNode}) {
  return <Inline css={{gap, alignY: center ? 'center' : undefined}}>{children}</Inline>;
}

/** A section's title with its status beside it. */
export function Heading({text, children}: {text: string; children: ReactNode}) {
  return (
    <Row gap="small" center>
      <Box css={{font: 'heading'}}>{text}</Box>
      {children}
    </Row>
  );
}
