import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { type ReactNode, useEffect } from 'react';
import { useApp } from '../app/context';

/** One page: its title (also the document's title, for tabs and screen readers) and its content. */
export function Page({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  const { profile } = useApp();
  useEffect(() => {
    document.title = `${title} · ${profile.ministry}`;
  }, [title, profile.ministry]);
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description={description}>
        {title}
      </Header>
      {children}
    </SpaceBetween>
  );
}
