-- CreateEnum
CREATE TYPE "PortalColorScheme" AS ENUM ('light', 'dark', 'auto');

-- CreateTable
CREATE TABLE "portal_settings" (
    "workspaceId" TEXT NOT NULL,
    "allowedOrigins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "displayName" TEXT,
    "logoUrl" TEXT,
    "primaryColor" TEXT,
    "colorScheme" "PortalColorScheme" NOT NULL DEFAULT 'light',
    "hideFooter" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "portal_settings_pkey" PRIMARY KEY ("workspaceId")
);

-- CreateTable
CREATE TABLE "application_portal_branding" (
    "applicationId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "displayName" TEXT,
    "logoUrl" TEXT,
    "primaryColor" TEXT,
    "colorScheme" "PortalColorScheme",
    "hideFooter" BOOLEAN,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "application_portal_branding_pkey" PRIMARY KEY ("applicationId")
);

-- CreateIndex
CREATE INDEX "application_portal_branding_workspaceId_idx" ON "application_portal_branding"("workspaceId");

-- AddForeignKey
ALTER TABLE "portal_settings" ADD CONSTRAINT "portal_settings_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_portal_branding" ADD CONSTRAINT "application_portal_branding_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_portal_branding" ADD CONSTRAINT "application_portal_branding_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "applications"("id") ON DELETE CASCADE ON UPDATE CASCADE;
