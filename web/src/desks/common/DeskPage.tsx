import type { ReactNode } from 'react';
import { Page } from '../../components/Page';

/**
 * One desk page: its title (also the document's), an optional line under it, and its content.
 * The same frame as the staff pages, so keyboard and screen-reader users find every page alike.
 */
export function DeskPage({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Page title={title} description={description}>
      {children}
    </Page>
  );
}
