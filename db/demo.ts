/** The demo organization: shown on the sign-in page while it exists. */
export const DEMO_PASSWORD = "between-us-demo";

export const DEMO_PEOPLE = {
  admin: { email: "admin@demo.test", name: "Grace Whitfield" },
  managers: [
    {
      email: "manager@demo.test",
      name: "Priya Raman",
      reports: [
        { email: "report1@demo.test", name: "Jonas Weber" },
        { email: "report2@demo.test", name: "Amara Okafor" },
        { email: "report3@demo.test", name: "Diego Hernández" },
        { email: "report4@demo.test", name: "Mei Lin" },
        { email: "report5@demo.test", name: "Samuel Adeyemi" },
        { email: "report6@demo.test", name: "Hannah Kowalski" },
        { email: "report7@demo.test", name: "Tomás Ribeiro" },
        { email: "report8@demo.test", name: "Aisha Karimi" },
      ],
    },
    {
      email: "manager2@demo.test",
      name: "Marcus Bennett",
      reports: [
        { email: "report9@demo.test", name: "Lena Fischer" },
        { email: "report10@demo.test", name: "Kwame Mensah" },
      ],
    },
  ],
} as const;
