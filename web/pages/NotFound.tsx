import { Link } from 'react-router';

export function NotFound() {
  return (
    <section className="error-page" role="alert">
      <h2>Page not found</h2>
      <p>There is no page at this address.</p>
      <Link to="/packages">Go to the Package Browser</Link>
    </section>
  );
}
