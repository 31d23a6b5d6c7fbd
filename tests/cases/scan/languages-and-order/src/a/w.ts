let v: any = 1;
function f(a: any): number { return a }
