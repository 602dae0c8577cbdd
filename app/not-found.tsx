import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="focus:outline-none mx-auto max-w-md px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-stone-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/dashboard" className="mt-6 inline-block text-teal-800 underline">
        Back to your dashboard
      </Link>
    </main>
  );
}
