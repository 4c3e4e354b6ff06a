global using NUnit.Framework;
global using Gateway.Policies.Tenancy;
