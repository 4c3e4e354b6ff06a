// The data layer's options and its SQL plumbing (executor, pages, JSON and text mapping) are in nearly every repository.
global using Gateway.Data.Options;
global using Gateway.Data.Sql;
