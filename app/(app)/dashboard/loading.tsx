// The navigation streams at once and this stands in for the page until its data is read. Only on
// routes that never answer "not found": a page behind a loading boundary has already sent its
// 200 when it finds it must answer 404, and the series, template and admin pages must answer 404.
export { PageSkeleton as default } from "@/components/layout/PageSkeleton";
