import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from './app/session.tsx';
import { router } from './app/routes.tsx';
import { ApiError } from './api/client.ts';
import './styles.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Transient failures back off 1 s, 2 s, 4 s before the page offers a manual retry (Appendix B).
      retry: (count, e) => e instanceof ApiError && e.transient && count < 3,
      retryDelay: (n) => 1000 * 2 ** n,
    },
  },
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
